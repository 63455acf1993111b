#include "model/commands.hpp"

namespace oulu10 {

const Command* command_answering(std::string_view request_kind) {
  if (request_kind.empty()) return nullptr;  // the commands that answer no request
  for (const Command* command : commands::kAll) {
    if (command->request_kind == request_kind) return command;
  }
  return nullptr;
}

}  // namespace oulu10

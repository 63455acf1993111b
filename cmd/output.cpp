#include <iostream>

#include "app.hpp"
#include "core/free_text.hpp"
#include "core/json_text.hpp"

namespace oulu10::cli {

void emit(const Globals& globals, const nlohmann::json& document, const std::string& text) {
  if (globals.json) {
    // Text from the command line that is not UTF-8 (a file name) is replaced, not fatal: the
    // work is done by now.
    std::cout << without_raw_controls(
                     document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace))
              << '\n';
  } else {
    std::cout << printable(text);
  }
}

}  // namespace oulu10::cli

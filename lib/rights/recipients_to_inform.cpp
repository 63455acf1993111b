#include "rights/recipients_to_inform.hpp"

namespace oulu10::rights {

std::vector<std::string> recipients_to_inform(const policy::Policy& policy) {
  std::vector<std::string> names;
  for (const auto& recipient : policy.recipients) names.push_back(recipient.name);
  return names;
}

}  // namespace oulu10::rights

#pragma once
// Art. 19: whom the controller tells of a rectification, erasure or restriction.
#include <string>
#include <vector>

#include "policy/policy.hpp"

namespace oulu10::rights {

// The names of the policy's recipients.
std::vector<std::string> recipients_to_inform(const policy::Policy& policy);

}  // namespace oulu10::rights

#pragma once
// The policy's retention rules as the register applies them (see model/retention.hpp).
#include "model/retention.hpp"
#include "policy/policy.hpp"

namespace oulu10::retention {

// A period counted from the relationship's end applies to records with a customer; the others
// count from the rule's `otherwise_from` (the policy parser insists on one).
RetentionRules rules_of(const policy::Policy& policy);

}  // namespace oulu10::retention

#pragma once
// The policy's description of a register record category.
#include <stdexcept>
#include <string>

#include "policy/policy.hpp"
#include "register/records.hpp"

namespace oulu10::rights {

inline const policy::DataCategory& data_category(const policy::Policy& policy, Category category) {
  for (const auto& described : policy.data_categories) {
    if (described.id == policy_category(category)) return described;
  }
  // The policy parser refuses a policy that leaves out a category, so this is a bug.
  throw std::out_of_range("the policy does not describe " + std::string(policy_category(category)));
}

}  // namespace oulu10::rights

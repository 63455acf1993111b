#pragma once
// Shared by the parser and the cross-reference checks of a policy document; not part of the
// library's interface.
#include <array>
#include <string_view>

#include "policy/policy.hpp"

namespace oulu10::policy {

// The register has a table for each of these, so the policy must say how long each is kept.
inline constexpr std::array<std::string_view, kCategoryCount> kCategoryIds = [] {
  std::array<std::string_view, kCategoryCount> ids{};
  for (std::size_t i = 0; i < kCategoryCount; ++i) ids[i] = kCategoryTable[i].policy_id;
  return ids;
}();

// Throws InvalidInput "<origin>: <path>: <what>"; the empty path is the document itself.
[[noreturn]] void refuse_at(std::string_view origin, std::string_view path, std::string_view what);

// What a schema cannot say: unique ids, every category present and kept by exactly one rule,
// the rights the commands serve, goes_with chains that end, every category given its exported
// fields and no field both exported and left out. Paths index the document's arrays, which the
// Policy keeps in document order.
void check_references(const Policy& policy, std::string_view origin);

}  // namespace oulu10::policy

#include "model/category.hpp"

#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace oulu10 {

nlohmann::json counts_json(const CategoryCounts& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto category : kCategories) {
    out[std::string(policy_category(category))] = counts[category];
  }
  return out;
}

std::string counts_text(const CategoryCounts& counts) {
  std::string out;
  for (const auto category : kCategories) {
    const auto count = counts[category];
    if (count > 0) {
      out += fmt::format("{}{} {}", out.empty() ? "" : ", ", count, policy_category(category));
    }
  }
  return out.empty() ? "none" : out;
}

std::optional<Category> category_named(std::string_view name) {
  for (const Category category : kCategories) {
    if (type_name(category) == name) return category;
  }
  return std::nullopt;
}

}  // namespace oulu10

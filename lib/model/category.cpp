#include "model/category.hpp"

#include <string>

#include <nlohmann/json.hpp>

namespace oulu10 {

nlohmann::json counts_json(const CategoryCounts& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto category : kCategories) {
    out[std::string(policy_category(category))] = counts[category];
  }
  return out;
}

std::optional<Category> category_named(std::string_view name) {
  for (const Category category : kCategories) {
    if (type_name(category) == name) return category;
  }
  return std::nullopt;
}

}  // namespace oulu10

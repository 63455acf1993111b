#pragma once
// The register's record categories, as the notice lists them: one table gives each its id in
// import files and reports, and its data-category id in the policy. Everything that walks or
// counts categories walks this table.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json_fwd.hpp>

namespace oulu10 {

enum class Category { customer, case_, chat, call, sms_survey, consent };

struct CategoryInfo {
  Category category;
  std::string_view type_name;  // in import files and record lists: "case", "sms_survey", ...
  std::string_view policy_id;  // the policy's data-category id: "cases", "sms_surveys", ...
};

// In the enum's order, so that a Category indexes it.
inline constexpr CategoryInfo kCategoryTable[] = {
    {Category::customer, "customer", "customers"},
    {Category::case_, "case", "cases"},
    {Category::chat, "chat", "chats"},
    {Category::call, "call", "calls"},
    {Category::sms_survey, "sms_survey", "sms_surveys"},
    {Category::consent, "consent", "consents"},
};
inline constexpr std::size_t kCategoryCount = std::size(kCategoryTable);

inline constexpr std::array<Category, kCategoryCount> kCategories = [] {
  std::array<Category, kCategoryCount> out{};
  for (std::size_t i = 0; i < kCategoryCount; ++i) out[i] = kCategoryTable[i].category;
  return out;
}();

constexpr std::size_t index_of(Category category) { return static_cast<std::size_t>(category); }

constexpr bool table_follows_enum() {
  for (std::size_t i = 0; i < kCategoryCount; ++i) {
    if (index_of(kCategoryTable[i].category) != i) return false;
  }
  return true;
}
static_assert(table_follows_enum(), "kCategoryTable must list the categories in enum order");

constexpr std::string_view type_name(Category category) {
  return kCategoryTable[index_of(category)].type_name;
}
constexpr std::string_view policy_category(Category category) {
  return kCategoryTable[index_of(category)].policy_id;
}

// The category a type name names; nullopt for any other text.
std::optional<Category> category_named(std::string_view type_name);

// A record as the register keys it: its category and row.
using RowKey = std::pair<Category, std::int64_t>;

// A count per category, and their sum.
class CategoryCounts {
 public:
  std::size_t& operator[](Category category) { return counts_[index_of(category)]; }
  std::size_t operator[](Category category) const { return counts_[index_of(category)]; }
  CategoryCounts& operator+=(const CategoryCounts& other) {
    for (std::size_t i = 0; i < kCategoryCount; ++i) counts_[i] += other.counts_[i];
    return *this;
  }
  bool operator==(const CategoryCounts&) const = default;
  [[nodiscard]] std::size_t total() const {
    std::size_t sum = 0;
    for (const auto count : counts_) sum += count;
    return sum;
  }

 private:
  std::array<std::size_t, kCategoryCount> counts_{};
};

// As a JSON object keyed by the policy's category ids: how reports and audit entries give them.
nlohmann::json counts_json(const CategoryCounts& counts);

// As text for a person, "29 customers, 75 cases", leaving out the categories counted 0; "none"
// when all are.
std::string counts_text(const CategoryCounts& counts);

}  // namespace oulu10

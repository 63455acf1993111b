// parse_policy: the document is checked here field by field rather than by a schema library,
// so that every refusal names the JSON path a clerk has to fix. The constraints mirror
// schemas/policy.schema.json; validate.cpp checks what a schema cannot say.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <initializer_list>
#include <regex>
#include <span>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/json_text.hpp"
#include "policy/policy.hpp"
#include "policy/validate.hpp"

namespace oulu10::policy {
namespace {

using nlohmann::json;

// A record goes with its owner, or with the records of another category.
constexpr std::array<std::string_view, kCategoryCount + 1> kGoesWithTargets = [] {
  std::array<std::string_view, kCategoryCount + 1> targets{"owner"};
  for (std::size_t i = 0; i < kCategoryCount; ++i) targets[i + 1] = kCategoryIds[i];
  return targets;
}();
constexpr std::array<std::string_view, 8> kRightIds = {"access",
                                                       "rectification",
                                                       "erasure",
                                                       "restriction",
                                                       "objection",
                                                       "portability",
                                                       "consent-withdrawal",
                                                       "no-automated-decisions"};
// A retention period beyond a century is a typo, and the bound keeps years inside int.
constexpr int kMaxYears = 100;

// Longer than any date, article or address a pattern checks; std::regex would recurse per
// character of a longer one.
constexpr std::size_t kMaxPatternText = 1000;

// The document nests a few levels; a hostile one nested deeper is refused while parsing.
constexpr int kMaxNesting = 32;

std::string joined(std::span<const std::string_view> words) {
  return fmt::format("{}", fmt::join(words, ", "));
}

// A value of the document together with where it is, so that every refusal can name its path.
class Node {
 public:
  Node(const json& value, std::string path, std::string_view origin)
      : value_(&value), path_(std::move(path)), origin_(origin) {}

  [[noreturn]] void fail(std::string_view what) const { refuse_at(origin_, path_, what); }
  [[noreturn]] void fail_at(std::string_view key, std::string_view what) const {
    refuse_at(origin_, child_path(key), what);
  }

  // An object whose properties are all among `known` (the schema's additionalProperties false).
  void expect_object(std::initializer_list<std::string_view> known) const {
    expect_object(std::span(known.begin(), known.size()));
  }
  void expect_object(std::span<const std::string_view> known) const {
    if (!value_->is_object()) fail("must be an object");
    for (const auto& [key, ignored] : value_->items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        fail_at(key, "unknown property");
      }
    }
  }

  [[nodiscard]] bool has(std::string_view key) const { return value_->contains(key); }

  [[nodiscard]] Node field(std::string_view key) const {
    const auto found = value_->find(key);
    if (found == value_->end()) fail_at(key, "required property is missing");
    return Node(*found, child_path(key), origin_);
  }

  [[nodiscard]] std::optional<Node> optional_field(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return field(key);
  }

  [[nodiscard]] std::vector<Node> items(std::size_t min_items) const {
    if (!value_->is_array()) fail("must be an array");
    if (value_->size() < min_items) fail(fmt::format("must have at least {} item", min_items));
    std::vector<Node> out;
    for (std::size_t i = 0; i < value_->size(); ++i) {
      out.emplace_back((*value_)[i], fmt::format("{}/{}", path_, i), origin_);
    }
    return out;
  }

  [[nodiscard]] std::string string() const {
    if (!value_->is_string()) fail("must be a string");
    auto text = value_->get<std::string>();
    if (text.empty()) fail("must not be empty");
    return text;
  }

  [[nodiscard]] std::string matching(const std::regex& pattern, std::string_view shape) const {
    auto text = string();
    // std::regex recurses per character: a very long value would overflow the stack (found by
    // review), and nothing a pattern checks (dates, articles, addresses) is this long.
    if (text.size() > kMaxPatternText) {
      fail(fmt::format("must be {} (at most {} characters)", shape, kMaxPatternText));
    }
    if (!std::regex_match(text, pattern)) fail(fmt::format("must be {}", shape));
    return text;
  }

  [[nodiscard]] std::string one_of(std::span<const std::string_view> allowed) const {
    auto text = string();
    if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
      fail(fmt::format("'{}' is not one of {}", text, joined(allowed)));
    }
    return text;
  }

  [[nodiscard]] bool boolean() const {
    if (!value_->is_boolean()) fail("must be true or false");
    return value_->get<bool>();
  }

  // Like the schema's "integer", 5.0 counts: JSON does not tell the two apart.
  [[nodiscard]] int integer(int min, int max) const {
    const auto what = fmt::format("must be an integer from {} to {}", min, max);
    if (!value_->is_number()) fail(what);
    const auto number = value_->get<double>();
    if (number != std::floor(number) || number < min || number > max) fail(what);
    return static_cast<int>(number);
  }

 private:
  [[nodiscard]] std::string child_path(std::string_view key) const {
    return path_ + "/" + pointer_token(key);
  }

  const json* value_;
  std::string path_;
  std::string_view origin_;
};

// The date must exist on the calendar, which the schema's pattern alone does not ensure.
std::string iso_date(const Node& node) {
  static const std::regex shape(R"(^[0-9]{4}-[0-9]{2}-[0-9]{2}$)");
  auto text = node.matching(shape, "a date YYYY-MM-DD");
  const auto number = [&text](std::size_t pos, std::size_t len) {
    return std::stoi(text.substr(pos, len));
  };
  const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                         std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                         std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  if (!date.ok()) node.fail("must be a date YYYY-MM-DD that exists");
  return text;
}

std::string slug(const Node& node) {
  static const std::regex shape("^[a-z][a-z0-9-]*$");
  return node.matching(shape, "lower-case letters, digits and '-', starting with a letter");
}

Text text_of(const Node& node) {
  node.expect_object({"fi", "en"});
  return Text{node.field("fi").string(), node.field("en").string()};
}

std::optional<std::string> optional_string(const Node& node, std::string_view key) {
  if (const auto child = node.optional_field(key)) return child->string();
  return std::nullopt;
}

Contact contact_of(const Node& node) {
  static const std::regex email_shape(R"(^[^@\s]+@[^@\s]+$)");
  node.expect_object({"title", "postal_address", "visiting_address", "email", "phone"});
  Contact contact{text_of(node.field("title")), node.field("postal_address").string(),
                  optional_string(node, "visiting_address"), std::nullopt,
                  optional_string(node, "phone")};
  if (const auto email = node.optional_field("email")) {
    contact.email = email->matching(email_shape, "an e-mail address");
  }
  return contact;
}

template <typename T>
std::vector<T> list_of(const Node& node, std::size_t min_items, T (*parse)(const Node&)) {
  std::vector<T> out;
  for (const auto& item : node.items(min_items)) out.push_back(parse(item));
  return out;
}

Purpose purpose_of(const Node& node) {
  node.expect_object({"id", "text", "objectable"});
  Purpose purpose{slug(node.field("id")), text_of(node.field("text"))};
  if (const auto objectable = node.optional_field("objectable")) {
    purpose.objectable = objectable->boolean();
  }
  return purpose;
}

LegalBasis legal_basis_of(const Node& node) {
  node.expect_object({"id", "text"});
  return LegalBasis{slug(node.field("id")), text_of(node.field("text"))};
}

DataCategory category_of(const Node& node) {
  node.expect_object({"id", "name", "contents"});
  return DataCategory{node.field("id").one_of(kCategoryIds), text_of(node.field("name")),
                      text_of(node.field("contents"))};
}

Recipient recipient_of(const Node& node) {
  node.expect_object({"name", "role", "categories"});
  Recipient recipient{node.field("name").string(), text_of(node.field("role")), {}};
  if (const auto categories = node.optional_field("categories")) {
    for (const auto& item : categories->items(1)) {
      recipient.categories.push_back(item.one_of(kCategoryIds));
    }
  } else {
    recipient.categories.assign(std::begin(kCategoryIds), std::end(kCategoryIds));
  }
  return recipient;
}

CountedPeriod counted_period_of(const Node& node) {
  node.expect_object({"years", "from"});
  return CountedPeriod{node.field("years").integer(1, kMaxYears),
                       node.field("from").one_of(kRetentionAnchors)};
}

// Either a counted period or goes_with, never a mixture: a rule that said both would leave
// purge to guess which one the notice meant.
RetentionRule retention_of(const Node& node) {
  node.expect_object({"category", "years", "from", "otherwise_from", "or_if_later", "goes_with",
                      "without_customer", "period", "criterion"});
  RetentionRule rule;
  rule.category = node.field("category").one_of(kCategoryIds);
  if (node.has("goes_with")) {
    for (const auto key : {"years", "from", "otherwise_from", "or_if_later"}) {
      if (node.has(key)) node.fail_at(key, "not allowed together with goes_with");
    }
    rule.goes_with = node.field("goes_with").one_of(kGoesWithTargets);
    if (const auto own = node.optional_field("without_customer")) {
      rule.without_customer = counted_period_of(*own);
    }
  } else {
    for (const auto key : {"years", "from"}) {
      if (!node.has(key)) node.fail_at(key, "required property is missing (or give goes_with)");
    }
    if (node.has("without_customer")) {
      node.fail_at("without_customer", "allowed only together with goes_with");
    }
    rule.years = node.field("years").integer(1, kMaxYears);
    rule.from = node.field("from").one_of(kRetentionAnchors);
    if (const auto otherwise = node.optional_field("otherwise_from")) {
      rule.otherwise_from = otherwise->one_of(kRetentionAnchors);
    }
    if (const auto later = node.optional_field("or_if_later")) {
      rule.or_if_later = later->one_of(kRetentionAnchors);
    }
  }
  rule.period = text_of(node.field("period"));
  rule.criterion = text_of(node.field("criterion"));
  return rule;
}

RequestRetention request_records_of(const Node& node) {
  node.expect_object({"follows", "period", "criterion"});
  return RequestRetention{node.field("follows").one_of(kCategoryIds), text_of(node.field("period")),
                          text_of(node.field("criterion"))};
}

Right right_of(const Node& node) {
  static const std::regex article_shape(R"(^[1-9][0-9]*(\([0-9a-z]+\))*$)");
  node.expect_object({"id", "article", "text", "limitation"});
  Right right{node.field("id").one_of(kRightIds),
              node.field("article").matching(article_shape, "a GDPR article such as 15 or 7(3)"),
              text_of(node.field("text")), std::nullopt};
  if (const auto limitation = node.optional_field("limitation")) {
    right.limitation = text_of(*limitation);
  }
  return right;
}

// The same field twice would have export write it twice.
std::vector<std::string> field_names(const Node& node) {
  std::vector<std::string> names;
  for (const auto& item : node.items(1)) {
    auto name = item.string();
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      item.fail(fmt::format("'{}' appears more than once", name));
    }
    names.push_back(std::move(name));
  }
  return names;
}

// Read in the register's category order: a JSON object keeps no order of its own. That every
// category has a list is a cross-reference, checked in validate.cpp.
std::vector<std::pair<std::string, std::vector<std::string>>> included_of(const Node& node) {
  node.expect_object(kCategoryIds);
  std::vector<std::pair<std::string, std::vector<std::string>>> included;
  for (const auto id : kCategoryIds) {
    if (const auto fields = node.optional_field(id)) {
      included.emplace_back(std::string(id), field_names(*fields));
    }
  }
  return included;
}

PortabilityExclusion exclusion_of(const Node& node) {
  node.expect_object({"category", "field", "reason"});
  return PortabilityExclusion{node.field("category").one_of(kCategoryIds),
                              node.field("field").string(), text_of(node.field("reason"))};
}

Portability portability_of(const Node& node) {
  node.expect_object({"included", "excluded"});
  return Portability{included_of(node.field("included")),
                     list_of(node.field("excluded"), 0, exclusion_of)};
}

Policy policy_of(const Node& root) {
  root.expect_object({"policy_version",
                      "notice_date",
                      "register_name",
                      "controller",
                      "controller_representative",
                      "data_protection_officer",
                      "requests_to",
                      "supervisory_authority",
                      "purposes",
                      "legal_bases",
                      "data_categories",
                      "recipients",
                      "retention",
                      "request_records",
                      "rights",
                      "source",
                      "regular_disclosures",
                      "transfers_outside_eea",
                      "transfers_outside_eea_text",
                      "automated_decision_making",
                      "automated_decision_making_text",
                      "portability",
                      "notes"});
  Policy policy;
  policy.version = root.field("policy_version").string();
  policy.notice_date = iso_date(root.field("notice_date"));
  policy.register_name = text_of(root.field("register_name"));
  policy.controller = contact_of(root.field("controller"));
  policy.controller_representative = contact_of(root.field("controller_representative"));
  policy.data_protection_officer = contact_of(root.field("data_protection_officer"));
  policy.requests_to = contact_of(root.field("requests_to"));
  policy.supervisory_authority = text_of(root.field("supervisory_authority"));
  policy.purposes = list_of(root.field("purposes"), 1, purpose_of);
  policy.legal_bases = list_of(root.field("legal_bases"), 1, legal_basis_of);
  policy.data_categories = list_of(root.field("data_categories"), 0, category_of);
  policy.recipients = list_of(root.field("recipients"), 1, recipient_of);
  policy.retention = list_of(root.field("retention"), 1, retention_of);
  policy.request_records = request_records_of(root.field("request_records"));
  policy.rights = list_of(root.field("rights"), 0, right_of);
  policy.source = text_of(root.field("source"));
  policy.regular_disclosures = text_of(root.field("regular_disclosures"));
  policy.transfers_outside_eea = root.field("transfers_outside_eea").boolean();
  policy.transfers_outside_eea_text = text_of(root.field("transfers_outside_eea_text"));
  policy.automated_decision_making = root.field("automated_decision_making").boolean();
  policy.automated_decision_making_text = text_of(root.field("automated_decision_making_text"));
  policy.portability = portability_of(root.field("portability"));
  if (const auto notes = root.optional_field("notes")) {
    for (const auto& note : notes->items(0)) policy.notes.push_back(text_of(note));
  }
  return policy;
}

}  // namespace

Policy parse_policy(std::string_view json_text, std::string_view origin) {
  json document;
  try {
    document = json::parse(json_text, [&](int depth, json::parse_event_t, json&) {
      if (depth > kMaxNesting) {
        refuse_at(origin, "", fmt::format("nested more than {} levels deep", kMaxNesting));
      }
      return true;
    });
  } catch (const json::parse_error& e) {
    // what() starts with the library's own tag, which means nothing to the reader.
    std::string_view what = e.what();
    if (const auto tag_end = what.find("] "); tag_end != std::string_view::npos) {
      what.remove_prefix(tag_end + 2);
    }
    refuse_at(origin, "", fmt::format("not valid JSON: {}", what));
  } catch (const json::out_of_range&) {  // 1e555: found by fuzz/fuzz_import_line
    refuse_at(origin, "", "not valid JSON: a number is out of range");
  }
  auto policy = policy_of(Node(document, "", origin));
  check_references(policy, origin);
  return policy;
}

}  // namespace oulu10::policy

#include "policy/validate.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <span>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"

namespace oulu10::policy {
namespace {

// The commands that serve these rights exist whatever the notice says; a policy without them
// would leave them unexplained.
constexpr std::array<std::string_view, 7> kRequiredRights = {
    "access",    "rectification", "erasure",           "restriction",
    "objection", "portability",   "consent-withdrawal"};

// survey-eligible and the suppression list act on this purpose.
constexpr std::array<std::string_view, 1> kRequiredPurposes = {kSmsSurveyPurpose};

// Ids are how consents, objections and retention rules refer to entries; two entries with the
// same id would make those references ambiguous.
template <typename T, typename Key>
void check_unique(const std::vector<T>& entries, Key key, std::string_view origin,
                  std::string_view list, std::string_view field) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!seen.insert(key(entries[i])).second) {
      refuse_at(origin, fmt::format("/{}/{}/{}", list, i, field),
                fmt::format("'{}' appears more than once", key(entries[i])));
    }
  }
}

template <typename T>
void check_present(const std::vector<T>& entries, std::span<const std::string_view> ids,
                   std::string_view origin, std::string_view list) {
  for (const auto id : ids) {
    const auto found = std::any_of(entries.begin(), entries.end(),
                                   [id](const T& entry) { return entry.id == id; });
    if (!found) refuse_at(origin, fmt::format("/{}", list), fmt::format("'{}' is missing", id));
  }
}

// A category listed twice for one processor would make its tasks' records ambiguous to read.
void check_recipient_categories(const Policy& policy, std::string_view origin) {
  for (std::size_t i = 0; i < policy.recipients.size(); ++i) {
    std::set<std::string_view> seen;
    const auto& categories = policy.recipients[i].categories;
    for (std::size_t j = 0; j < categories.size(); ++j) {
      if (!seen.insert(categories[j]).second) {
        refuse_at(origin, fmt::format("/recipients/{}/categories/{}", i, j),
                  fmt::format("'{}' appears more than once", categories[j]));
      }
    }
  }
}

void check_every_category_kept(const Policy& policy, std::string_view origin) {
  for (std::size_t i = 0; i < policy.data_categories.size(); ++i) {
    const auto& id = policy.data_categories[i].id;
    const auto has_rule =
        std::any_of(policy.retention.begin(), policy.retention.end(),
                    [&id](const RetentionRule& rule) { return rule.category == id; });
    if (!has_rule) {
      refuse_at(origin, fmt::format("/data_categories/{}", i),
                fmt::format("category '{}' has no retention rule", id));
    }
  }
}

// export takes each category's fields from the policy; a category without a list would leave
// it nothing to go by.
void check_every_category_exported(const Policy& policy, std::string_view origin) {
  const auto& included = policy.portability.included;
  for (const auto& category : policy.data_categories) {
    const auto of_category = [&category](const auto& list) { return list.first == category.id; };
    if (std::none_of(included.begin(), included.end(), of_category)) {
      refuse_at(origin, "/portability/included", fmt::format("'{}' is missing", category.id));
    }
  }
}

// What the retention logic can count each category's period from: the events its records carry.
// A rule beyond these would be silently misread, so the policy is refused instead.
struct SupportedRule {
  std::string_view category;
  std::array<std::string_view, 2> anchors;  // for `from` and `otherwise_from`
  std::string_view goes_with;               // the only `goes_with` allowed, if any
  std::string_view later;                   // the only `or_if_later` allowed, if any
  // The anchor of the period of the records no customer owns (`without_customer`), which a
  // rule of this category must then give: purge has no other period for them.
  std::string_view without_customer;
};
constexpr SupportedRule kSupportedRules[] = {
    {"customers", {"relationship_ended", ""}, "", "", ""},
    {"cases", {"relationship_ended", "case_closed"}, "", "case_closed", ""},
    {"chats", {"chat_started", "relationship_ended"}, "", "", ""},
    {"calls", {"call_started", "relationship_ended"}, "", "", ""},
    {"sms_surveys", {"", ""}, "calls", "", ""},
    {"consents", {"", ""}, "owner", "", "consent_given"},
};

void check_anchor(const SupportedRule& supported, const std::optional<std::string>& anchor,
                  std::string_view origin, const std::string& path) {
  if (!anchor) return;
  if (std::find(supported.anchors.begin(), supported.anchors.end(), *anchor) ==
          supported.anchors.end() ||
      anchor->empty()) {
    refuse_at(
        origin, path,
        fmt::format("the period of {} cannot be counted from {}", supported.category, *anchor));
  }
}

void check_later(const SupportedRule& supported, const RetentionRule& rule, std::string_view origin,
                 const std::string& path) {
  if (rule.or_if_later && *rule.or_if_later != supported.later) {
    refuse_at(
        origin, path + "/or_if_later",
        fmt::format("the period of {} cannot restart at {}", rule.category, *rule.or_if_later));
  }
}

void check_without_customer(const SupportedRule& supported, const RetentionRule& rule,
                            std::string_view origin, const std::string& path) {
  if (supported.without_customer.empty()) {
    if (rule.without_customer) {
      refuse_at(origin, path + "/without_customer",
                fmt::format("{} have no period of their own without a customer", rule.category));
    }
    return;
  }
  if (!rule.without_customer) {
    refuse_at(origin, path + "/without_customer",
              fmt::format("{} without a customer need a period of their own", rule.category));
  }
  if (rule.without_customer->from != supported.without_customer) {
    refuse_at(origin, path + "/without_customer/from",
              fmt::format("the period of {} without a customer cannot be counted from {}",
                          rule.category, rule.without_customer->from));
  }
}

void check_rules_supported(const Policy& policy, std::string_view origin) {
  for (std::size_t i = 0; i < policy.retention.size(); ++i) {
    const auto& rule = policy.retention[i];
    const auto supported = std::find_if(std::begin(kSupportedRules), std::end(kSupportedRules),
                                        [&](const auto& s) { return s.category == rule.category; });
    if (supported == std::end(kSupportedRules)) continue;  // unknown categories are refused
    const auto path = fmt::format("/retention/{}", i);
    if (rule.goes_with.value_or("") != supported->goes_with) {
      refuse_at(origin, path,
                supported->goes_with.empty()
                    ? fmt::format("{} need a period in years", rule.category)
                    : fmt::format("{} go with {}", rule.category, supported->goes_with));
    }
    check_anchor(*supported, rule.from, origin, path + "/from");
    check_anchor(*supported, rule.otherwise_from, origin, path + "/otherwise_from");
    check_later(*supported, rule, origin, path);
    check_without_customer(*supported, rule, origin, path);
    // Not every record has a customer: a period from the relationship's end needs another
    // anchor for the rest.
    if (rule.from == "relationship_ended" && rule.category != "customers" && !rule.otherwise_from) {
      refuse_at(origin, path + "/otherwise_from",
                fmt::format("{} without a customer need an anchor too", rule.category));
    }
  }
}

// Closed requests are kept for the years of another category's rule, so that rule must count
// years.
void check_request_records(const Policy& policy, std::string_view origin) {
  const auto& follows = policy.request_records.follows;
  const auto rule = std::find_if(policy.retention.begin(), policy.retention.end(),
                                 [&](const RetentionRule& r) { return r.category == follows; });
  if (rule == policy.retention.end() || !rule->years) {
    refuse_at(origin, "/request_records/follows",
              fmt::format("the rule of '{}' has no period in years to follow", follows));
  }
}

bool left_out_before(const std::vector<PortabilityExclusion>& excluded, std::size_t index) {
  const auto& exclusion = excluded[index];
  const auto end = excluded.begin() + static_cast<std::ptrdiff_t>(index);
  return std::any_of(excluded.begin(), end, [&exclusion](const PortabilityExclusion& other) {
    return other.category == exclusion.category && other.field == exclusion.field;
  });
}

// An export that both contains a field and says why it is left out contradicts itself; the same
// field left out twice would give it two reasons.
void check_exclusions(const Policy& policy, std::string_view origin) {
  const auto& excluded = policy.portability.excluded;
  for (std::size_t i = 0; i < excluded.size(); ++i) {
    const auto& exclusion = excluded[i];
    const auto path = fmt::format("/portability/excluded/{}/field", i);
    if (policy.portability.includes(exclusion.category, exclusion.field)) {
      refuse_at(origin, path,
                fmt::format("'{}' is also in /portability/included/{}", exclusion.field,
                            exclusion.category));
    }
    if (left_out_before(excluded, i)) {
      refuse_at(origin, path,
                fmt::format("'{}' of '{}' is left out more than once", exclusion.field,
                            exclusion.category));
    }
  }
}

}  // namespace

[[noreturn]] void refuse_at(std::string_view origin, std::string_view path, std::string_view what) {
  throw InvalidInput(fmt::format("{}: {}: {}", origin, path.empty() ? "/" : path, what));
}

void check_references(const Policy& policy, std::string_view origin) {
  const auto by_id = [](const auto& entry) -> std::string_view { return entry.id; };
  check_unique(policy.purposes, by_id, origin, "purposes", "id");
  check_unique(policy.legal_bases, by_id, origin, "legal_bases", "id");
  check_unique(policy.data_categories, by_id, origin, "data_categories", "id");
  check_unique(policy.rights, by_id, origin, "rights", "id");
  check_unique(
      policy.recipients, [](const Recipient& r) -> std::string_view { return r.name; }, origin,
      "recipients", "name");
  check_recipient_categories(policy, origin);
  check_unique(
      policy.retention, [](const RetentionRule& r) -> std::string_view { return r.category; },
      origin, "retention", "category");
  check_present(policy.data_categories, kCategoryIds, origin, "data_categories");
  check_present(policy.rights, kRequiredRights, origin, "rights");
  check_present(policy.purposes, kRequiredPurposes, origin, "purposes");
  check_every_category_kept(policy, origin);
  check_rules_supported(policy, origin);
  check_request_records(policy, origin);
  check_every_category_exported(policy, origin);
  check_exclusions(policy, origin);
}

}  // namespace oulu10::policy

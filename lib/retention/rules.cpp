#include "retention/rules.hpp"

#include <string>

namespace oulu10::retention {
namespace {

PeriodStart start_named(const std::string& anchor) {
  return anchor == "relationship_ended" ? PeriodStart::relationship_ended : PeriodStart::own_event;
}

PeriodRule period_rule(const policy::RetentionRule& rule) {
  const auto from = rule.from.value_or("");
  PeriodRule out;
  out.with_customer = start_named(from);
  out.without_customer = from == "relationship_ended"
                             ? start_named(rule.otherwise_from.value_or(from))
                             : out.with_customer;
  out.years = rule.years.value_or(0);
  out.from_closing_if_later = rule.or_if_later.has_value();
  return out;
}

// The validation insists on a consent rule's period for consents without a customer.
PeriodRule unlinked_consent_rule(const policy::RetentionRule& rule) {
  PeriodRule out;
  out.years = rule.without_customer ? rule.without_customer->years : 0;
  return out;
}

}  // namespace

RetentionRules rules_of(const policy::Policy& policy) {
  return {.calls = period_rule(policy.retention_for(Category::call)),
          .chats = period_rule(policy.retention_for(Category::chat)),
          .cases = period_rule(policy.retention_for(Category::case_)),
          .customers = period_rule(policy.retention_for(Category::customer)),
          .unlinked_consents = unlinked_consent_rule(policy.retention_for(Category::consent))};
}

}  // namespace oulu10::retention

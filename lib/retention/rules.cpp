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
  return out;
}

}  // namespace

RetentionRules rules_of(const policy::Policy& policy) {
  return {.calls = period_rule(policy.retention_for(Category::call)),
          .chats = period_rule(policy.retention_for(Category::chat)),
          .cases = period_rule(policy.retention_for(Category::case_)),
          .customers = period_rule(policy.retention_for(Category::customer))};
}

}  // namespace oulu10::retention

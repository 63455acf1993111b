#pragma once
// The notice's retention rules in the shape the register applies them, and why a record is
// kept past its period. retention::rules_of builds the rules from the policy, once; the access
// reply's schedule (retention/schedule) and the purge's queries (the store) both read these
// objects, so the two cannot follow different rules.
#include <string_view>

#include "model/category.hpp"

namespace oulu10 {

// Where a record's period starts.
enum class PeriodStart {
  own_event,           // the record's own time: a call's or chat's start, a case's closing
  relationship_ended,  // the end of its customer's relationship
};

struct PeriodRule {
  PeriodStart with_customer = PeriodStart::own_event;
  PeriodStart without_customer = PeriodStart::own_event;  // a record no customer owns
  int years = 0;
  // A case closed after its period's start counts from its closing instead (the policy's
  // `or_if_later: case_closed`). Whatever the rule, an open case's period has not begun.
  bool from_closing_if_later = false;

  [[nodiscard]] PeriodStart start(bool has_customer) const {
    return has_customer ? with_customer : without_customer;
  }
};

// A period ends `years` calendar years after its start, counted on UTC dates (29 February plus
// a year is 28 February, as add_years). A survey has no period of its own: it goes with its
// call; nor has a consent with a customer: it goes with its customer. A consent with only a
// number is kept for its own period from when it was given (the policy's `without_customer`),
// and as long as the calls from that number.
struct RetentionRules {
  PeriodRule calls;
  PeriodRule chats;
  PeriodRule cases;
  PeriodRule customers;
  PeriodRule unlinked_consents;
};

// Why a record is kept although its period has ended, or why its period has not begun: one
// vocabulary for the access reply's schedule, erase's report and the purge's held records.
enum class KeptBecause {
  relationship_ongoing,  // the customer relationship has not ended: its period has not begun
  case_open,             // an open case is kept until it closes
  open_complaint,        // an open complaint case, or a call or chat it concerns (art. 17(3)(e))
  needed_by_kept,        // a kept record belongs to it (its customer, a survey's call)
  restricted,            // processing is restricted (art. 18): kept until the restriction ends
  statutory_task,        // a case of a statutory task (art. 17(3)(b)): not erased
};

// The id reports and audit entries give a reason by.
constexpr std::string_view id_of(KeptBecause because) {
  switch (because) {
    case KeptBecause::relationship_ongoing: return "relationship_ongoing";
    case KeptBecause::case_open: return "case_open";
    case KeptBecause::open_complaint: return "open_complaint";
    case KeptBecause::needed_by_kept: return "needed_by_kept_record";
    case KeptBecause::restricted: return "restricted";
    case KeptBecause::statutory_task: return "statutory_task";
  }
  return {};
}

}  // namespace oulu10

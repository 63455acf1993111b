#include "retention/schedule.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace oulu10::retention {
namespace {

// The events a period can be counted from, for one record.
struct Anchors {
  bool has_customer = false;
  std::optional<Timestamp> relationship_ended;
  std::optional<Timestamp> own_event;  // a call's or chat's start, a case's closing
};

Schedule by_rule(const PeriodRule& rule, const Anchors& anchors) {
  const auto start = rule.start(anchors.has_customer);
  const auto& time =
      start == PeriodStart::relationship_ended ? anchors.relationship_ended : anchors.own_event;
  if (!time) {
    // Only a case's own event can be missing: it has not been closed.
    return Schedule{std::nullopt,
                    {start == PeriodStart::relationship_ended ? KeptBecause::relationship_ongoing
                                                              : KeptBecause::case_open}};
  }
  return Schedule{add_years(*time, rule.years), {}};
}

void add_hold(Schedule& schedule, KeptBecause hold) {
  if (std::find(schedule.holds.begin(), schedule.holds.end(), hold) == schedule.holds.end()) {
    schedule.holds.push_back(hold);
  }
}

// What is kept as long as the longer-lived of two schedules. A schedule without an end is
// always held (a period that has not begun), so "no end" wins over any date.
Schedule later(const Schedule& a, const Schedule& b) {
  Schedule out;
  if (a.expires && b.expires) out.expires = std::max(*a.expires, *b.expires);
  for (const KeptBecause hold : a.holds) add_hold(out, hold);
  for (const KeptBecause hold : b.holds) add_hold(out, hold);
  return out;
}

class Scheduler {
 public:
  Scheduler(const RetentionRules& rules, const SubjectRecords& records)
      : rules_(rules), records_(records) {
    for (const auto& customer : records.customers) {
      ended_[customer.record.source_id] = customer.record.relationship_ended;
    }
    // A survey is deleted with its call, and a consent with its customer: a restricted one
    // keeps what it goes with.
    for (const auto& survey : records.sms_surveys) {
      if (records.restricted.contains({Category::sms_survey, survey.row})) {
        calls_with_restricted_survey_.insert(survey.record.call);
      }
    }
    for (const auto& consent : records.consents) {
      if (consent.record.customer &&
          records.restricted.contains({Category::consent, consent.row})) {
        customers_with_restricted_consent_.insert(*consent.record.customer);
      }
    }
  }

  std::map<RowKey, Schedule> run() {
    for (const auto& call : records_.calls) schedule_call(call);
    for (const auto& chat : records_.chats) schedule_chat(chat);
    for (const auto& survey : records_.sms_surveys) schedule_survey(survey);
    for (const auto& c : records_.cases) schedule_case(c);
    for (const auto& customer : records_.customers) schedule_customer(customer);
    for (const auto& consent : records_.consents) schedule_consent(consent);
    return std::move(out_);
  }

 private:
  Anchors customer_anchors(const std::optional<std::string>& customer) const {
    Anchors anchors;
    if (customer) {
      anchors.has_customer = true;
      const auto found = ended_.find(*customer);
      if (found != ended_.end()) anchors.relationship_ended = found->second;
    }
    return anchors;
  }

  void schedule_call(const Stored<CallRecord>& call) {
    Anchors anchors = customer_anchors(call.record.customer);
    anchors.own_event = call.record.started_at;
    auto s = by_rule(rules_.calls, anchors);
    if (records_.calls_in_open_complaints.contains(call.row))
      add_hold(s, KeptBecause::open_complaint);
    if (calls_with_restricted_survey_.contains(call.record.source_id)) {
      add_hold(s, KeptBecause::restricted);
    }
    calls_by_id_[call.record.source_id] = s;
    if (!call.record.customer) by_phone_[call.record.phone].push_back(s);
    record(Category::call, call.row, call.record.customer, s);
  }

  void schedule_chat(const Stored<ChatRecord>& chat) {
    Anchors anchors = customer_anchors(chat.record.customer);
    anchors.own_event = chat.record.started_at;
    auto s = by_rule(rules_.chats, anchors);
    if (records_.chats_in_open_complaints.contains(chat.row))
      add_hold(s, KeptBecause::open_complaint);
    record(Category::chat, chat.row, chat.record.customer, s);
  }

  void schedule_survey(const Stored<SmsSurveyRecord>& survey) {
    // The reader fetches surveys through their calls, so the call is always there.
    auto s = calls_by_id_.at(survey.record.call);
    hold_if_restricted({Category::sms_survey, survey.row}, s);
    out_[{Category::sms_survey, survey.row}] = s;
  }

  void schedule_case(const Stored<CaseRecord>& c) {
    Anchors anchors = customer_anchors(c.record.customer);
    anchors.own_event = c.record.closed_at;
    // A case handled after the relationship ended counts from its closing: the relationship
    // lasted, for that case, until then.
    if (rules_.cases.from_closing_if_later && anchors.relationship_ended && c.record.closed_at) {
      anchors.relationship_ended = std::max(*anchors.relationship_ended, *c.record.closed_at);
    }
    auto s = by_rule(rules_.cases, anchors);
    // An open case's period has not begun, whatever it would be counted from: purge keeps it
    // until it closes, so it has no date yet.
    if (!c.record.closed_at) {
      s.expires.reset();
      add_hold(s, KeptBecause::case_open);
    }
    record(Category::case_, c.row, c.record.customer, s);
  }

  void schedule_customer(const Stored<CustomerRecord>& customer) {
    Anchors anchors;
    anchors.has_customer = true;
    anchors.relationship_ended = customer.record.relationship_ended;
    auto s = by_rule(rules_.customers, anchors);
    const auto own = owned_.find(customer.record.source_id);
    if (own != owned_.end()) {
      s.expires = own->second.expires && s.expires
                      ? std::optional(std::max(*s.expires, *own->second.expires))
                      : std::nullopt;
      if (own->second.held()) add_hold(s, KeptBecause::needed_by_kept);
    }
    if (customers_with_restricted_consent_.contains(customer.record.source_id)) {
      add_hold(s, KeptBecause::needed_by_kept);
    }
    hold_if_restricted({Category::customer, customer.row}, s);
    out_[{Category::customer, customer.row}] = s;
    customers_[customer.record.source_id] = s;
  }

  // A consent goes with its owner: the customer, or for a consent with only a phone number,
  // the calls from that number (a caller consenting to the SMS survey), and at least its own
  // period from when it was given.
  void schedule_consent(const Stored<ConsentRecord>& consent) {
    Schedule s;
    if (consent.record.customer) {
      s = customers_.at(*consent.record.customer);  // a linked record comes with its customer
    } else {
      Anchors anchors;
      anchors.own_event = consent.record.given_at;
      s = by_rule(rules_.unlinked_consents, anchors);
      if (consent.record.phone) {
        for (const auto& call : by_phone_[*consent.record.phone]) s = later(s, call);
      }
    }
    hold_if_restricted({Category::consent, consent.row}, s);
    out_[{Category::consent, consent.row}] = s;
  }

  void hold_if_restricted(RowKey key, Schedule& s) const {
    if (records_.restricted.contains(key)) add_hold(s, KeptBecause::restricted);
  }

  void record(Category category, std::int64_t row, const std::optional<std::string>& customer,
              Schedule s) {
    hold_if_restricted({category, row}, s);
    out_[{category, row}] = s;
    if (!customer) return;
    auto [entry, inserted] = owned_.try_emplace(*customer, s);
    if (!inserted) entry->second = later(entry->second, s);
  }

  const RetentionRules& rules_;
  const SubjectRecords& records_;
  std::map<std::string, std::optional<Timestamp>> ended_;
  std::map<std::string, Schedule> calls_by_id_;
  std::map<std::string, std::vector<Schedule>> by_phone_;
  std::map<std::string, Schedule> owned_;  // latest schedule among a customer's records
  std::map<std::string, Schedule> customers_;
  std::map<RowKey, Schedule> out_;
  std::set<std::string> calls_with_restricted_survey_;
  std::set<std::string> customers_with_restricted_consent_;
};

}  // namespace

std::map<RowKey, Schedule> schedule(const RetentionRules& rules, const SubjectRecords& records) {
  return Scheduler(rules, records).run();
}

}  // namespace oulu10::retention

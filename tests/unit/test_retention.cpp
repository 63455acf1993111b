#include <doctest/doctest.h>

#include "core/time.hpp"
#include "policy/policy.hpp"
#include "retention/rules.hpp"
#include "retention/schedule.hpp"

using namespace oulu10;
using Hold = KeptBecause;

namespace {

Timestamp at(const char* text) { return *parse_timestamp(text); }

template <typename Record>
Stored<Record> stored(std::int64_t row, Record record) {
  return {row, std::move(record)};
}

CustomerRecord customer(const char* id, std::optional<Timestamp> ended) {
  CustomerRecord c;
  c.source_id = id;
  c.relationship_started = at("2015-01-01");
  c.relationship_ended = ended;
  return c;
}

CallRecord call(const char* id, std::optional<std::string> owner, const char* started) {
  CallRecord c;
  c.source_id = id;
  c.customer = std::move(owner);
  c.phone = "+358401234567";
  c.started_at = at(started);
  return c;
}

CaseRecord case_of(const char* id, std::optional<std::string> owner,
                   std::optional<Timestamp> closed) {
  CaseRecord c;
  c.source_id = id;
  c.customer = std::move(owner);
  c.opened_at = at("2019-01-01");
  c.closed_at = closed;
  return c;
}

const retention::Schedule& of(const std::map<RowKey, retention::Schedule>& all, Category category,
                              std::int64_t row) {
  return all.at({category, row});
}

}  // namespace

TEST_SUITE("retention") {
  const auto& policy = policy::embedded_policy();

  TEST_CASE("calls and their surveys go one calendar year after the call started") {
    SubjectRecords r;
    r.calls.push_back(stored(1, call("k-1", std::nullopt, "2024-02-29T10:00:00Z")));
    SmsSurveyRecord survey;
    survey.source_id = "s-1";
    survey.call = "k-1";
    r.sms_surveys.push_back(stored(7, survey));
    const auto s = retention::schedule(retention::rules_of(policy), r);
    CHECK(format_timestamp(*of(s, Category::call, 1).expires) == "2025-02-28T10:00:00Z");
    CHECK_FALSE(of(s, Category::call, 1).held());
    CHECK(of(s, Category::sms_survey, 7).expires == of(s, Category::call, 1).expires);
  }

  TEST_CASE("chats go one year after they started; an open complaint holds them") {
    SubjectRecords r;
    ChatRecord chat;
    chat.source_id = "h-1";
    chat.started_at = at("2025-06-01T08:00:00Z");
    r.chats.push_back(stored(3, chat));
    r.chats_in_open_complaints.insert(3);
    const auto s = retention::schedule(retention::rules_of(policy), r);
    CHECK(format_timestamp(*of(s, Category::chat, 3).expires) == "2026-06-01T08:00:00Z");
    CHECK(of(s, Category::chat, 3).holds == std::vector{Hold::open_complaint});
  }

  TEST_CASE("a customer's cases go five years after the relationship ended") {
    SubjectRecords r;
    r.customers.push_back(stored(1, customer("c-1", at("2020-02-29T12:00:00Z"))));
    r.cases.push_back(stored(2, case_of("t-1", "c-1", at("2019-06-01"))));
    const auto s = retention::schedule(retention::rules_of(policy), r);
    CHECK(format_timestamp(*of(s, Category::case_, 2).expires) == "2025-02-28T12:00:00Z");
    CHECK(of(s, Category::customer, 1).expires == of(s, Category::case_, 2).expires);
    CHECK_FALSE(of(s, Category::customer, 1).held());
  }

  TEST_CASE("an ongoing relationship holds the cases and the customer") {
    SubjectRecords r;
    r.customers.push_back(stored(1, customer("c-1", std::nullopt)));
    r.cases.push_back(stored(2, case_of("t-1", "c-1", at("2019-06-01"))));
    const auto s = retention::schedule(retention::rules_of(policy), r);
    CHECK_FALSE(of(s, Category::case_, 2).expires.has_value());
    CHECK(of(s, Category::case_, 2).holds == std::vector{Hold::relationship_ongoing});
    CHECK(of(s, Category::customer, 1).held());
  }

  TEST_CASE("a case with no customer goes five years after it closed, and is held while open") {
    SubjectRecords r;
    r.cases.push_back(stored(1, case_of("t-1", std::nullopt, at("2021-03-31T00:00:00Z"))));
    r.cases.push_back(stored(2, case_of("t-2", std::nullopt, std::nullopt)));
    const auto s = retention::schedule(retention::rules_of(policy), r);
    CHECK(format_timestamp(*of(s, Category::case_, 1).expires) == "2026-03-31T00:00:00Z");
    CHECK(of(s, Category::case_, 2).holds == std::vector{Hold::case_open});
  }

  TEST_CASE("a case closed after the relationship ended counts from its closing") {
    SubjectRecords r;
    r.customers.push_back(stored(1, customer("c-1", at("2021-02-28T00:00:00Z"))));
    r.cases.push_back(stored(2, case_of("t-1", "c-1", at("2026-01-15T00:00:00Z"))));
    const auto s = retention::schedule(retention::rules_of(policy), r);
    CHECK(format_timestamp(*of(s, Category::case_, 2).expires) == "2031-01-15T00:00:00Z");
  }

  TEST_CASE("an open case holds even after the relationship ended") {
    SubjectRecords r;
    r.customers.push_back(stored(1, customer("c-1", at("2020-01-01"))));
    r.cases.push_back(stored(2, case_of("t-1", "c-1", std::nullopt)));
    const auto s = retention::schedule(retention::rules_of(policy), r);
    CHECK(of(s, Category::case_, 2).holds == std::vector{Hold::case_open});
    // Its period has not begun: purge would count it from its closing, which is not known.
    CHECK_FALSE(of(s, Category::case_, 2).expires);
    CHECK(of(s, Category::customer, 1).holds == std::vector{Hold::needed_by_kept});
  }

  TEST_CASE("a customer stays while a record of theirs stays, and goes with the last of them") {
    SubjectRecords r;
    r.customers.push_back(stored(1, customer("c-1", at("2020-01-01"))));
    r.calls.push_back(stored(5, call("k-1", "c-1", "2025-12-24T00:00:00Z")));
    ConsentRecord consent;
    consent.source_id = "a-1";
    consent.customer = "c-1";
    consent.given_at = at("2015-01-01");
    r.consents.push_back(stored(9, consent));
    const auto s = retention::schedule(retention::rules_of(policy), r);
    // Relationship + 5 years is 2025-01-01, but the call is kept until 2026-12-24.
    CHECK(format_timestamp(*of(s, Category::customer, 1).expires) == "2026-12-24T00:00:00Z");
    CHECK(of(s, Category::consent, 9).expires == of(s, Category::customer, 1).expires);
  }

  TEST_CASE("a consent with only a phone goes with the calls from that number") {
    SubjectRecords r;
    r.calls.push_back(stored(1, call("k-1", std::nullopt, "2026-03-01T00:00:00Z")));
    ConsentRecord consent;
    consent.source_id = "a-1";
    consent.phone = "+358401234567";
    consent.given_at = at("2025-01-01");
    r.consents.push_back(stored(2, consent));
    ConsentRecord lone = consent;
    lone.source_id = "a-2";
    lone.phone = "+358409999999";
    r.consents.push_back(stored(3, lone));
    const auto s = retention::schedule(retention::rules_of(policy), r);
    CHECK(format_timestamp(*of(s, Category::consent, 2).expires) == "2027-03-01T00:00:00Z");
    CHECK(format_timestamp(*of(s, Category::consent, 3).expires) == "2026-01-01T00:00:00Z");
  }
}

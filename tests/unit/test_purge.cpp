// purge through the library, checked against the retention schedule that inspect shows: two
// implementations of the notice's rules (SQL over the whole register, C++ over one subject's
// records) must agree on every record.
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "demo/demo.hpp"
#include "intake/import.hpp"
#include "oulu10gdpr/error.hpp"
#include "retention/purge.hpp"
#include "retention/rules.hpp"
#include "retention/schedule.hpp"
#include "store/purge_lock.hpp"
#include "store/purge_store.hpp"
#include "store/restrictions.hpp"
#include "store/subject_reader.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

Timestamp at(const char* text) { return *parse_timestamp(text); }

using Key = std::pair<Category, std::string>;

template <typename Record>
void add(Category category, const std::vector<Stored<Record>>& records,
         const std::map<RowKey, retention::Schedule>& schedules, Timestamp as_of,
         std::set<Key>& expired, std::set<Key>& all) {
  for (const auto& [row, record] : records) {
    const auto& schedule = schedules.at({category, row});
    all.emplace(category, record.source_id);
    if (!schedule.held() && schedule.expires && *schedule.expires <= as_of) {
      expired.emplace(category, record.source_id);
    }
  }
}

// Every customer, and every number with records that have no customer: between them, the
// subjects hold every record of the register.
std::vector<SubjectKeys> every_subject(store::SqliteStore& reg) {
  std::vector<SubjectKeys> subjects;
  sqlite::Statement customers(reg.connection(), "SELECT source_id FROM customer");
  while (customers.step()) {
    SubjectKeys keys;
    keys.customer_ids = {customers.text(0)};
    subjects.push_back(keys);
  }
  sqlite::Statement numbers(reg.connection(),
                            "SELECT phone FROM call WHERE customer_id IS NULL UNION "
                            "SELECT phone FROM chat WHERE customer_id IS NULL "
                            "AND phone IS NOT NULL UNION "
                            "SELECT phone FROM consent WHERE customer_id IS NULL "
                            "AND phone IS NOT NULL");
  while (numbers.step()) {
    SubjectKeys keys;
    keys.phones = {numbers.text(0)};
    subjects.push_back(keys);
  }
  return subjects;
}

// Restricts every 7th record of a few kinds, so that holds are compared too.
void restrict_some(store::SqliteStore& reg, Timestamp at) {
  std::vector<RowKey> rows;
  for (const auto& [category, table] :
       {std::pair{Category::customer, "customer"}, std::pair{Category::sms_survey, "sms_survey"},
        std::pair{Category::consent, "consent"}, std::pair{Category::chat, "chat"}}) {
    sqlite::Statement query(reg.connection(),
                            std::string("SELECT id FROM ") + table + " WHERE id % 7 = 0");
    while (query.step()) rows.emplace_back(category, query.int64(0));
  }
  sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
  reg.restrictions()->create("accuracy", at, std::nullopt, rows);
  transaction.commit();
}

// Records of the kinds whose period has not begun or that something else holds, which the demo
// makes few or none of: open cases of ended and of ongoing relationships, cases closed before
// and after the relationship ended, open and closed cases without a customer, open complaints
// about unlinked calls and chats, and consents with only a number, with and without calls from
// it. The times are spread over the years around the as_of values the test purges at.
std::string records_held_for_reasons_of_their_own(unsigned seed) {
  std::mt19937 random(seed);
  const auto time_between = [&random](const char* from, const char* to) {
    std::uniform_int_distribution<std::int64_t> seconds(to_unix(at(from)), to_unix(at(to)));
    return fmt::format("\"{}\"", format_timestamp(from_unix(seconds(random))));
  };
  const auto some_time = [&] {
    return time_between("2016-01-01T00:00:00Z", "2026-11-01T00:00:00Z");
  };
  std::string lines;
  for (int i = 0; i < 80; ++i) {
    const auto phone = fmt::format("0402{:06d}", i);
    const auto ended = i % 4 == 0 ? std::string("null") : some_time();
    const auto open_or_closed = [&](int every) {
      return i % every == 0 ? std::string("null") : some_time();
    };
    lines += fmt::format(
        R"({{"type":"customer","id":"x-{0}","name":"X","relationship_started":"2015-01-01",)"
        R"("relationship_ended":{1}}})"
        "\n"
        R"({{"type":"case","id":"xo-{0}","customer":"x-{0}","kind":"task","opened_at":"2015-06-01",)"
        R"("closed_at":{2}}})"
        "\n"
        R"({{"type":"case","id":"xl-{0}","customer":"x-{0}","kind":"task","opened_at":"2015-06-01",)"
        R"("closed_at":{3}}})"
        "\n"
        R"({{"type":"call","id":"xk-{0}","phone":"{4}","started_at":{5}}})"
        "\n"
        R"({{"type":"chat","id":"xh-{0}","phone":"{4}","started_at":{6}}})"
        "\n"
        R"({{"type":"case","id":"xc-{0}","kind":"complaint","opened_at":"2015-06-01",)"
        R"("closed_at":{7},"related":["call:xk-{0}","chat:xh-{0}"]}})"
        "\n"
        R"({{"type":"case","id":"xn-{0}","kind":"task","opened_at":"2015-06-01",)"
        R"("closed_at":{8},"related":["call:xk-{0}"]}})"
        "\n"
        R"({{"type":"consent","id":"xa-{0}","phone":"{9}","method":"oral","purpose":"sms-survey",)"
        R"("given_at":{10}}})"
        "\n",
        i, ended, open_or_closed(2), some_time(), phone, some_time(), some_time(),
        open_or_closed(2), open_or_closed(3), i % 3 == 0 ? fmt::format("0403{:06d}", i) : phone,
        some_time());
  }
  return lines;
}

void import_text(store::SqliteStore& reg, const std::string& text) {
  std::istringstream input(text);
  intake::import_ndjson(reg, input, "test", policy::embedded_policy());
}

// The records of a step whose period purge finds ended at as_of, each with whether it is held:
// one row a batch, so that every row's verdict is seen.
std::map<std::int64_t, bool> ended_in_purge(store::SqliteStore& reg, const RetentionRules& rules,
                                            Timestamp as_of, store::PurgeStep step) {
  const auto purge_store = reg.purge_store({as_of, rules});
  std::map<std::int64_t, bool> out;
  for (std::int64_t after = 0;;) {
    const auto found = purge_store->find(step, after, 1);
    if (found.examined == 0) return out;
    out[found.last_row] = found.purgeable.empty();
    after = found.last_row;
  }
}

// A record's date and holds in the schedule are purge's: its period has ended at as_of in the
// schedule exactly when purge finds it ended, and then held by both or by neither. For the
// categories with a period of their own; the others' dates are those of what they go with.
void check_dates_against_purge(store::SqliteStore& reg, const RetentionRules& rules,
                               Timestamp as_of,
                               const std::map<RowKey, retention::Schedule>& schedules) {
  for (const auto& [category, step] : {std::pair{Category::call, store::PurgeStep::calls},
                                       std::pair{Category::chat, store::PurgeStep::chats},
                                       std::pair{Category::case_, store::PurgeStep::cases}}) {
    const auto ended = ended_in_purge(reg, rules, as_of, step);
    for (const auto& [key, schedule] : schedules) {
      if (key.first != category) continue;
      CAPTURE(key.second);
      CAPTURE(static_cast<int>(category));
      const auto found = ended.find(key.second);
      CHECK((schedule.expires && *schedule.expires <= as_of) == (found != ended.end()));
      if (found != ended.end()) CHECK(schedule.held() == found->second);
    }
  }
}

// The embedded policy with two rules changed: a case is counted from the relationship's end
// however late it closed, and a consent of no customer is kept two years.
std::string changed_policy() {
  auto document = nlohmann::json::parse(policy::embedded_policy_text());
  for (auto& rule : document["retention"]) {
    if (rule["category"] == "cases") rule.erase("or_if_later");
    if (rule["category"] == "consents") rule["without_customer"]["years"] = 2;
  }
  return document.dump();
}

SessionOptions with_policy(const testing::TempDir& dir, const std::string& policy_text) {
  const auto file = dir / "policy.json";
  std::ofstream(file) << policy_text;
  return SessionOptions{.db = std::nullopt,
                        .actor = std::nullopt,
                        .policy_file = file.string(),
                        .journal = {},
                        .anchor = {}};
}

retention::PurgeReport purge_at(store::SqliteStore& reg, const Session& session,
                                const char* as_of) {
  retention::PurgeOptions options;
  options.as_of = at(as_of);
  return retention::purge(reg, session, options);
}

bool present(store::SqliteStore& reg, const Key& key) {
  static constexpr const char* kTables[] = {"customer", "case_record", "chat",
                                            "call",     "sms_survey",  "consent"};
  sqlite::Statement query(reg.connection(), std::string("SELECT 1 FROM ") +
                                                kTables[static_cast<std::size_t>(key.first)] +
                                                " WHERE source_id = ?1");
  query.bind(1, key.second);
  return query.step();
}

// Purges a demo register, with the records it lacks added, at several times, checking each time
// that the schedule's dates are purge's and that purge deletes exactly what has expired.
void check_purge_follows_schedule(const std::string& policy_text) {
  testing::ScratchRegister scratch;
  const auto now = at("2026-11-28T12:00:00Z");
  demo::generate(scratch.reg, {.customers = 300, .seed = 3, .now = now}, policy::embedded_policy());
  import_text(scratch.reg, records_held_for_reasons_of_their_own(3));
  restrict_some(scratch.reg, now);
  const Session session(policy_text.empty() ? SessionOptions{}
                                            : with_policy(scratch.dir, policy_text));
  const auto rules = retention::rules_of(session.policy());
  for (const auto& as_of : {at("2019-06-01T00:00:00Z"), at("2022-03-01T00:00:00Z"),
                            at("2025-02-28T10:00:00Z"), at("2026-11-28T12:00:00Z")}) {
    CAPTURE(format_timestamp(as_of));
    CAPTURE(policy_text.empty());
    std::set<Key> expired, all;
    std::map<RowKey, retention::Schedule> every_schedule;
    const auto reader = scratch.reg.subject_reader();
    for (const auto& keys : every_subject(scratch.reg)) {
      const auto records = reader->read(keys);
      const auto schedules = retention::schedule(rules, records);
      every_schedule.insert(schedules.begin(), schedules.end());
      add(Category::customer, records.customers, schedules, as_of, expired, all);
      add(Category::case_, records.cases, schedules, as_of, expired, all);
      add(Category::chat, records.chats, schedules, as_of, expired, all);
      add(Category::call, records.calls, schedules, as_of, expired, all);
      add(Category::sms_survey, records.sms_surveys, schedules, as_of, expired, all);
      add(Category::consent, records.consents, schedules, as_of, expired, all);
    }
    check_dates_against_purge(scratch.reg, rules, as_of, every_schedule);
    retention::PurgeOptions options;
    options.as_of = as_of;
    options.batch_size = 17;
    const auto report = retention::purge(scratch.reg, session, options);
    std::size_t checked = 0;
    for (const auto& key : all) {
      CAPTURE(key.second);
      CHECK(present(scratch.reg, key) == !expired.contains(key));
      ++checked;
    }
    CHECK(checked > 500);
    // A case of no customer whose calls and chats are gone is in no one's reply; purge still
    // deletes it when it expires.
    CHECK(report.deleted.total() >= expired.size());
  }
}

}  // namespace

TEST_SUITE("purge") {
  TEST_CASE("deletes exactly what the schedule of every customer says has expired") {
    // Under the notice, and under a policy that changes the rules the notice's code once held.
    for (const auto& policy_text : {std::string(), changed_policy()}) {
      check_purge_follows_schedule(policy_text);
    }
  }

  TEST_CASE("a changed policy changes the cases' later closing and the unlinked consents") {
    testing::ScratchRegister scratch;
    import_text(scratch.reg,
                R"({"type":"customer","id":"c-1","name":"X","relationship_started":"2015-01-01",)"
                R"("relationship_ended":"2020-01-01"})"
                "\n"
                R"({"type":"case","id":"t-1","customer":"c-1","kind":"task",)"
                R"("opened_at":"2019-06-01","closed_at":"2024-06-01"})"
                "\n"
                R"({"type":"consent","id":"a-1","phone":"0401234567","method":"oral",)"
                R"("purpose":"sms-survey","given_at":"2024-01-01T00:00:00Z"})"
                "\n");
    SUBCASE("the notice: the case counts from its closing, the consent one year") {
      purge_at(scratch.reg, Session(SessionOptions{}), "2025-06-01");
      CHECK(present(scratch.reg, {Category::case_, "t-1"}));
      CHECK_FALSE(present(scratch.reg, {Category::consent, "a-1"}));
    }
    SUBCASE("a later policy: the case counts from the relationship's end, the consent two years") {
      purge_at(scratch.reg, Session(with_policy(scratch.dir, changed_policy())), "2025-06-01");
      CHECK_FALSE(present(scratch.reg, {Category::case_, "t-1"}));
      CHECK(present(scratch.reg, {Category::consent, "a-1"}));
    }
  }

  TEST_CASE("years are counted on UTC dates, across a leap day and a daylight-saving switch") {
    testing::ScratchRegister scratch;
    // 01:00 Finnish time on 29.2.2024 is 23:00 UTC on 28.2.; 12:00 on 29.3.2025, before summer
    // time began, is 10:00 UTC.
    import_text(scratch.reg, R"({"type":"call","id":"k-1","phone":"0401234567",)"
                             R"("started_at":"2024-02-29T01:00:00+02:00"})"
                             "\n"
                             R"({"type":"call","id":"k-2","phone":"0401234567",)"
                             R"("started_at":"2025-03-29T12:00:00+02:00"})"
                             "\n");
    SubjectKeys keys;
    keys.phones = {"+358401234567"};
    const auto records = scratch.reg.subject_reader()->read(keys);
    const auto schedules =
        retention::schedule(retention::rules_of(policy::embedded_policy()), records);
    std::set<std::string> dates;
    for (const auto& [key, schedule] : schedules) dates.insert(format_timestamp(*schedule.expires));
    CHECK(dates == std::set<std::string>{"2025-02-28T23:00:00Z", "2026-03-29T10:00:00Z"});

    const Session session(SessionOptions{});
    purge_at(scratch.reg, session, "2025-03-01T00:59:59+02:00");
    CHECK(present(scratch.reg, {Category::call, "k-1"}));
    purge_at(scratch.reg, session, "2025-03-01T01:00:00+02:00");
    CHECK_FALSE(present(scratch.reg, {Category::call, "k-1"}));
    // Summer time: the end is at 13:00 Finnish time, an hour later than the call's 12:00.
    purge_at(scratch.reg, session, "2026-03-29T12:59:59+03:00");
    CHECK(present(scratch.reg, {Category::call, "k-2"}));
    purge_at(scratch.reg, session, "2026-03-29T13:00:00+03:00");
    CHECK_FALSE(present(scratch.reg, {Category::call, "k-2"}));
  }

  TEST_CASE("a second purge on the same register is refused while one runs") {
    testing::ScratchRegister scratch;
    const store::PurgeLock running(scratch.reg.path());
    const Session session(SessionOptions{});
    retention::PurgeOptions options;
    options.as_of = at("2026-11-28T12:00:00Z");
    CHECK_THROWS_AS(retention::purge(scratch.reg, session, options), RegisterBusy);
  }

  TEST_CASE("a batch size out of range is refused") {
    testing::ScratchRegister scratch;
    const Session session(SessionOptions{});
    retention::PurgeOptions options;
    options.as_of = at("2026-11-28T12:00:00Z");
    options.batch_size = 0;
    CHECK_THROWS_AS(retention::purge(scratch.reg, session, options), InvalidInput);
  }
}

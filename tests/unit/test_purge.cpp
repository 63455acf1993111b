// purge through the library, checked against the retention schedule that inspect shows: two
// implementations of the notice's rules (SQL over the whole register, C++ over one subject's
// records) must agree on every record.
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "demo/demo.hpp"
#include "intake/import.hpp"
#include "oulu10gdpr/error.hpp"
#include "retention/purge.hpp"
#include "retention/rules.hpp"
#include "retention/schedule.hpp"
#include "store/purge_lock.hpp"
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

bool present(store::SqliteStore& reg, const Key& key) {
  static constexpr const char* kTables[] = {"customer", "case_record", "chat",
                                            "call",     "sms_survey",  "consent"};
  sqlite::Statement query(reg.connection(), std::string("SELECT 1 FROM ") +
                                                kTables[static_cast<std::size_t>(key.first)] +
                                                " WHERE source_id = ?1");
  query.bind(1, key.second);
  return query.step();
}

}  // namespace

TEST_SUITE("purge") {
  TEST_CASE("deletes exactly what the schedule of every customer says has expired") {
    testing::ScratchRegister scratch;
    const auto now = at("2026-11-28T12:00:00Z");
    demo::generate(scratch.reg, {.customers = 300, .seed = 3, .now = now},
                   policy::embedded_policy());
    restrict_some(scratch.reg, now);
    const Session session(SessionOptions{});
    for (const auto& as_of : {at("2025-02-28T10:00:00Z"), at("2026-11-28T12:00:00Z")}) {
      CAPTURE(format_timestamp(as_of));
      std::set<Key> expired, all;
      const auto reader = scratch.reg.subject_reader();
      for (const auto& keys : every_subject(scratch.reg)) {
        const auto records = reader->read(keys);
        const auto schedules =
            retention::schedule(retention::rules_of(policy::embedded_policy()), records);
        add(Category::customer, records.customers, schedules, as_of, expired, all);
        add(Category::case_, records.cases, schedules, as_of, expired, all);
        add(Category::chat, records.chats, schedules, as_of, expired, all);
        add(Category::call, records.calls, schedules, as_of, expired, all);
        add(Category::sms_survey, records.sms_surveys, schedules, as_of, expired, all);
        add(Category::consent, records.consents, schedules, as_of, expired, all);
      }
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
      CHECK(checked > 1000);
      CHECK(report.deleted.total() == expired.size());
    }
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

// The runner of the commands that act on one person (rights/person_command), and what it
// promises every such command.
#include <sstream>

#include <doctest/doctest.h>

#include "intake/import.hpp"
#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"
#include "rights/erase.hpp"
#include "rights/object.hpp"
#include "rights/person_command.hpp"
#include "rights/rectify.hpp"
#include "rights/restrict.hpp"
#include "rights/withdraw_consent.hpp"
#include "store/audit_log.hpp"
#include "store/objections.hpp"
#include "temp_dir.hpp"

using namespace oulu10;
using rights::Mode;
using rights::Person;
using rights::PersonCommand;
using rights::StepResult;

namespace {

// Eero, with a call and a consent; Aino and Eino, two people who share one phone number.
constexpr const char* kRegister = R"(
{"type":"customer","id":"c-1","hetu":"131052-308T","name":"Eero","phone":"0401112222"}
{"type":"call","id":"k-1","customer":"c-1","phone":"0401112222","started_at":"2026-02-01T10:00:00Z","recording":"rec/k.wav"}
{"type":"consent","id":"a-1","customer":"c-1","method":"oral","purpose":"sms-survey","given_at":"2026-02-01T10:00:00Z"}
{"type":"customer","id":"c-2","hetu":"010185-912T","name":"Aino","phone":"0405556666"}
{"type":"customer","id":"c-3","hetu":"150390-931B","name":"Eino","phone":"0405556666"}
)";

struct Fixture : testing::ScratchRegister {
  Session session{SessionOptions{}};

  Fixture() {
    std::istringstream lines(kRegister);
    intake::import_ndjson(reg, lines, "fixture", policy::embedded_policy());
  }

  static Subject eero() {
    identity::SubjectInput input;
    input.hetu = {"131052-308T"};
    return identity::resolve_subject(input);
  }
  static Subject shared_phone() {
    identity::SubjectInput input;
    input.phone = {"0405556666"};
    return identity::resolve_subject(input);
  }

  SubjectRecords run(const PersonCommand& command, const Subject& subject = eero(),
                     const std::optional<std::string>& request_id = std::nullopt) {
    return rights::run_for_person(reg, session, subject, request_id, command);
  }

  std::vector<store::AuditRow> audit() {
    std::vector<store::AuditRow> rows;
    reg.audit_log()->each({}, [&](const store::AuditRow& row) { rows.push_back(row); });
    return rows;
  }
  std::int64_t count(const std::string& table) {
    sqlite::Statement query(reg.connection(), "SELECT count(*) FROM " + table);
    query.step();
    return query.int64(0);
  }

  // Every row of every table but the audit trail, as text.
  std::string everything_but_the_audit_trail() {
    std::string out;
    sqlite::Statement tables(reg.connection(),
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN "
                             "('audit', 'audit_subject', 'audit_index') ORDER BY name");
    while (tables.step()) {
      const auto table = tables.text(0);
      sqlite::Statement columns(
          reg.connection(),
          "SELECT group_concat('quote(\"' || name || '\")', \" || '|' || \") FROM "
          "pragma_table_info(?)");
      columns.bind(1, table);
      REQUIRE(columns.step());
      sqlite::Statement rows(reg.connection(),
                             "SELECT " + columns.text(0) + " FROM \"" + table + "\" ORDER BY 1");
      out += table + ":\n";
      while (rows.step()) out += rows.text(0) + "\n";
    }
    return out;
  }
};

// A command whose step changes nothing and reports "done"; the tests give it other steps.
PersonCommand doing_nothing(Mode mode = Mode::change) {
  return {.command = commands::erase,
          .mode = mode,
          .reach = rights::one_person,
          .step = [](const Person&) { return StepResult{.outcome = "done"}; },
          .no_match = "nothing to do"};
}

// The same, noting in `stepped` whether its step ran.
PersonCommand noting_its_step(bool& stepped) {
  auto command = doing_nothing();
  command.step = [&stepped](const Person&) {
    stepped = true;
    return StepResult{.outcome = "done"};
  };
  return command;
}

}  // namespace

TEST_SUITE("person command runner") {
  TEST_CASE("writes one audit entry, built from the session, the command and the step") {
    Fixture f;
    const auto records =
        f.run({.command = commands::rectify,
               .mode = Mode::change,
               .reach = rights::one_person,
               .step =
                   [](const Person& person) {
                     CHECK(person.records.customers.size() == 1);
                     return StepResult{.outcome = "done", .details = {{"fields", 2}}};
                   },
               .no_match = "nothing to do"});
    CHECK(records.calls.size() == 1);
    const auto rows = f.audit();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].command == "rectify");
    CHECK(rows[0].actor == f.session.actor());
    CHECK(rows[0].at == to_unix(f.session.now()));
    CHECK(rows[0].request_id == std::nullopt);
    CHECK(rows[0].subject_ref.has_value());
    CHECK(rows[0].details == R"({"dry_run":false,"fields":2})");
    CHECK(rows[0].outcome == "done");
  }

  TEST_CASE("the change and its audit entry commit together, or neither does") {
    Fixture f;
    auto command = doing_nothing();
    command.step = [&](const Person& person) {
      f.reg.objections()->record(
          "sms-survey", identifiers_with_records(person.subject, person.records), f.session.now());
      return StepResult{.outcome = "objected"};
    };

    SUBCASE("both") {
      f.run(command);
      CHECK(f.count("objection") > 0);
      CHECK(f.audit().size() == 1);
    }
    SUBCASE("a step that fails after its change leaves neither") {
      const auto change = command.step;
      command.step = [&](const Person& person) -> StepResult {
        change(person);
        throw IoFailure("the disk is full");
      };
      CHECK_THROWS_AS(f.run(command), IoFailure);
      CHECK(f.count("objection") == 0);
      CHECK(f.audit().empty());
    }
    SUBCASE("an audit entry that cannot be written takes the change with it") {
      sqlite::Statement(f.reg.connection(),
                        "CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit "
                        "BEGIN SELECT RAISE(ABORT, 'no audit'); END")
          .run();
      CHECK_THROWS(f.run(command));
      CHECK(f.count("objection") == 0);
      CHECK(f.audit().empty());
    }
  }

  TEST_CASE("nothing matched is decided after the entry is committed and the after-commit work") {
    Fixture f;
    bool finished = false;
    auto command = doing_nothing();
    command.step = [](const Person&) { return StepResult{.matched = false, .outcome = "done"}; };
    command.after_commit = [&] { finished = true; };
    CHECK_THROWS_WITH_AS(f.run(command), "nothing to do", NoMatch);
    CHECK(finished);
    const auto rows = f.audit();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].outcome == "no_match");
  }

  TEST_CASE("the entry says what the mode was: a read has no dry_run, a dry run says so") {
    Fixture f;
    f.run(doing_nothing(Mode::read));
    f.run(doing_nothing(Mode::dry_run));
    const auto rows = f.audit();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].details == "{}");
    CHECK(rows[0].outcome == "done");
    CHECK(rows[1].details == R"({"dry_run":true})");
    CHECK(rows[1].outcome == "dry_run");
  }

  TEST_CASE("a dry run of every changing command writes its audit entry and nothing else") {
    Fixture f;
    const auto eero = Fixture::eero();
    const auto before = f.everything_but_the_audit_trail();
    rights::erase(f.reg, f.session, eero, std::nullopt, true);
    rights::restrict_processing(f.reg, f.session, eero, "accuracy", std::nullopt, true);
    rights::rectify(f.reg, f.session, eero, {"name=Eerik"}, std::nullopt, true);
    rights::object(f.reg, f.session, eero, "sms-survey", std::nullopt, true);
    rights::withdraw_consent(f.reg, f.session, eero, std::nullopt, std::nullopt, true);
    CHECK(f.everything_but_the_audit_trail() == before);

    rights::restrict_processing(f.reg, f.session, eero, "accuracy", std::nullopt, false);
    const auto restricted = f.everything_but_the_audit_trail();
    CHECK(restricted != before);
    rights::lift_restriction(f.reg, f.session, eero, std::nullopt, true);
    CHECK(f.everything_but_the_audit_trail() == restricted);

    const auto rows = f.audit();
    REQUIRE(rows.size() == 7);
    for (const auto index : {0, 1, 2, 3, 4, 6}) {
      CAPTURE(index);
      CHECK(rows[static_cast<std::size_t>(index)].outcome == "dry_run");
    }
  }

  TEST_CASE("the request link, then the reach check, refuse before the step and any write") {
    Fixture f;
    bool stepped = false;
    auto command = noting_its_step(stepped);
    const auto access = requests::open_request(f.reg, f.session,
                                               {"access", "2026-11-20", std::nullopt, std::nullopt,
                                                std::nullopt, std::nullopt})
                            .request.id;
    // The request is refused also for a subject the command may not reach.
    for (const auto& subject : {Fixture::eero(), Fixture::shared_phone()}) {
      CHECK_THROWS_WITH_AS(f.run(command, subject, "REQ-2026-0404"),
                           doctest::Contains("no such request"), InvalidInput);
      CHECK_THROWS_WITH_AS(f.run(command, subject, access),
                           doctest::Contains("answered by inspect, not by erase"), InvalidInput);
    }
    CHECK_THROWS_WITH_AS(f.run(command, Fixture::shared_phone()),
                         doctest::Contains("may be different people"), InvalidInput);
    CHECK_FALSE(stepped);
    CHECK(f.audit().size() == 1);  // request open's own

    command.reach = rights::anyone;
    f.run(command, Fixture::shared_phone());
    CHECK(stepped);
  }
}

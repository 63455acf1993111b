#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "audit/review.hpp"
#include "audit/trail.hpp"
#include "policy/report_context.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

struct Fixture : testing::ScratchRegister {
  const Session session{SessionOptions{}};
  Fixture() {
    sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
    audit::Trail trail(reg, session);
    for (const char* actor : {"anna", "ville", "anna"}) {
      trail.append({.at = from_unix(1795867200),
                    .actor = actor,
                    .identity = {"clerk01", std::nullopt, std::nullopt},
                    .command = "inspect",
                    .request_id = std::nullopt,
                    .subject_ref = trail.subject_reference({"hetu:131052-308T"}),
                    .details = {{"categories", {{"calls", 1}}}},
                    .outcome = "read"});
    }
    transaction.commit();
  }
};

}  // namespace

TEST_SUITE("audit") {
  TEST_CASE("a whole chain verifies") {
    Fixture f;
    const auto report = audit::verify(f.reg);
    CHECK(report.ok());
    CHECK(report.entries == 3);
    CHECK(audit::render_text(report, {policy::embedded_policy()}).find("3 entries") !=
          std::string::npos);
  }

  TEST_CASE("an empty trail verifies") {
    testing::ScratchRegister empty;
    CHECK(audit::verify(empty.reg).ok());
  }

  TEST_CASE("the trail refuses UPDATE and DELETE, and is left as it was") {
    Fixture f;
    for (const char* statement : {"UPDATE audit SET outcome = 'no_match' WHERE seq = 2",
                                  "DELETE FROM audit WHERE seq = 3", "DELETE FROM audit"}) {
      CAPTURE(statement);
      CHECK_THROWS_WITH(f.reg.connection().exec(statement),
                        doctest::Contains("the audit trail is append-only"));
    }
    CHECK(audit::verify(f.reg).entries == 3);
    CHECK(audit::verify(f.reg).ok());
  }

  TEST_CASE("changed, removed and reordered entries are found where they are") {
    // Someone who can write the file can drop the triggers first.
    const auto without_triggers = [](Fixture& f) {
      f.reg.connection().exec(
          "DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete");
    };
    Fixture changed;
    without_triggers(changed);
    changed.reg.connection().exec("UPDATE audit SET outcome = 'no_match' WHERE seq = 2");
    auto report = audit::verify(changed.reg);
    CHECK(report.broken_at == 2);
    CHECK(report.problem.find("changed") != std::string::npos);

    Fixture removed;
    without_triggers(removed);
    removed.reg.connection().exec("DELETE FROM audit WHERE seq = 1");
    report = audit::verify(removed.reg);
    CHECK(report.broken_at == 2);
    CHECK(report.problem == "entry 1 is missing before it");

    Fixture rehashed;  // a forger who recomputes one entry's hash still breaks the next link
    without_triggers(rehashed);
    rehashed.reg.connection().exec("UPDATE audit SET actor = 'x', hash = '" + std::string(64, 'a') +
                                   "' WHERE seq = 2");
    report = audit::verify(rehashed.reg);
    CHECK(report.broken_at == 2);
  }

  TEST_CASE("listing filters and streams JSON a parser accepts") {
    Fixture f;
    std::ostringstream out;
    store::AuditFilter filter;
    filter.actor = "anna";
    CHECK(audit::list(f.reg, filter, out, true) == 2);
    const auto document = nlohmann::json::parse(out.str());
    CHECK(document["entries"].size() == 2);
    CHECK(document["entries"][1]["seq"] == 3);
    CHECK(document["entries"][0]["details"]["categories"]["calls"] == 1);
  }
}

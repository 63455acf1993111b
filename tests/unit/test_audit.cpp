#include <sstream>
#include <utility>
#include <vector>

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

  TEST_CASE("a long verification reports its progress every so many entries") {
    Fixture f;
    std::vector<std::pair<std::size_t, std::int64_t>> calls;
    audit::VerifyProgress progress{
        .every = 2,
        .report = [&](std::size_t checked, std::int64_t total) {
          calls.emplace_back(checked, total);
        }};
    CHECK(audit::verify(f.reg, std::nullopt, progress).ok());
    CHECK(calls == std::vector<std::pair<std::size_t, std::int64_t>>{{2, 3}});
    progress.every = 1;
    calls.clear();
    CHECK(audit::verify(f.reg, std::nullopt, progress).entries == 3);
    CHECK(calls == std::vector<std::pair<std::size_t, std::int64_t>>{{1, 3}, {2, 3}, {3, 3}});
    progress.every = 100'000;  // as the command line asks: a short trail draws no line
    calls.clear();
    audit::verify(f.reg, std::nullopt, progress);
    CHECK(calls.empty());
  }

  TEST_CASE("an empty trail verifies") {
    testing::ScratchRegister empty;
    CHECK(audit::verify(empty.reg).ok());
  }

  TEST_CASE("entries written before the OS identity was recorded keep verifying") {
    testing::ScratchRegister scratch;
    sqlite::Transaction transaction(scratch.reg.connection(), sqlite::Transaction::Kind::write);
    // As an older binary wrote it: no identity, and a hash over the fields it had.
    store::AuditRow old;
    old.seq = 1;
    old.at = 1795867200;
    old.actor = "anna";
    old.command = "inspect";
    old.details = "{}";
    old.outcome = "read";
    old.prev_hash = std::string(audit::kGenesisHash);
    old.hash = audit::entry_hash(old);
    scratch.reg.audit_log()->insert(old);
    const Session session(SessionOptions{});
    audit::Trail trail(scratch.reg, session);
    const auto added = trail.append({.at = from_unix(1795867260),
                                     .actor = "anna",
                                     .identity = {"clerk01", "anna", 1001},
                                     .command = "inspect",
                                     .request_id = std::nullopt,
                                     .subject_ref = std::nullopt,
                                     .details = nlohmann::json::object(),
                                     .outcome = "read"});
    transaction.commit();
    CHECK(added.prev_hash == old.hash);
    // The identity is in the new entry's hash: the same fields without it hash otherwise.
    auto stripped = added;
    stripped.os_user.reset();
    CHECK(audit::entry_hash(stripped) != added.hash);
    const auto report = audit::verify(scratch.reg);
    CHECK(report.ok());
    CHECK(report.entries == 2);
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

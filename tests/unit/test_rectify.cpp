#include <sstream>

#include <doctest/doctest.h>

#include "intake/import.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/rectify.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

struct Fixture : testing::ScratchRegister {
  Fixture() {
    std::istringstream lines(
        R"({"type":"customer","id":"c-1","hetu":"131052-308T","name":"Old Name"})");
    intake::import_ndjson(reg, lines, "fixture", policy::embedded_policy());
  }
  Subject subject() {
    identity::SubjectInput input;
    input.customer = {"c-1"};
    return identity::resolve_subject(input);
  }
  std::string name() {
    sqlite::Statement query(reg.connection(), "SELECT name FROM customer");
    REQUIRE(query.step());
    return query.text(0);
  }
};

}  // namespace

TEST_SUITE("rectify") {
  TEST_CASE("sets a field, reports its name and the processors to inform") {
    Fixture f;
    const Session session(SessionOptions{});
    const auto report =
        rights::rectify(f.reg, session, f.subject(), {"name=New Name"}, std::nullopt, false);
    CHECK(report.fields_changed == std::vector<std::string>{"name"});
    CHECK(report.instructed.processors.size() == policy::embedded_policy().recipients.size());
    CHECK(report.instructed.tasks.size() == policy::embedded_policy().recipients.size());
    CHECK(f.name() == "New Name");
    CHECK(rights::render_text(report, {session.policy()}).find("art. 19") != std::string::npos);
  }

  TEST_CASE("a dry run changes nothing") {
    Fixture f;
    const Session session(SessionOptions{});
    const auto report =
        rights::rectify(f.reg, session, f.subject(), {"name=New Name"}, std::nullopt, true);
    CHECK(report.dry_run);
    CHECK(report.fields_changed == std::vector<std::string>{"name"});
    CHECK(report.instructed.tasks.empty());
    CHECK(f.name() == "Old Name");
  }

  TEST_CASE("bad assignments are refused before anything is read") {
    Fixture f;
    const Session session(SessionOptions{});
    for (const char* bad : {"name", "colour=red", "hetu=131052-308U", "phone=x"}) {
      CAPTURE(bad);
      CHECK_THROWS_AS(rights::rectify(f.reg, session, f.subject(), {bad}, std::nullopt, false),
                      InvalidInput);
    }
    CHECK_THROWS_AS(rights::rectify(f.reg, session, f.subject(), {}, std::nullopt, false),
                    InvalidInput);
    CHECK(f.name() == "Old Name");
  }
}

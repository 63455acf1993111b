// The public interface, used as a program outside this tree uses it: only
// <oulu10gdpr/oulu10gdpr.hpp>, on a register the command line's functions made.
#include <oulu10gdpr/oulu10gdpr.hpp>

#include <cstdlib>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "intake/import.hpp"
#include "policy/policy.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

struct Fixture : testing::ScratchRegister {
  Fixture() {
    std::ifstream sample(std::string(OULU10_SOURCE_DIR) + "/examples/sample.ndjson");
    intake::import_ndjson(reg, sample, "sample", policy::embedded_policy());
    ::setenv("OULU10_GDPR_NOW", "2026-11-28T12:00:00Z", 1);
  }
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;
  ~Fixture() { ::unsetenv("OULU10_GDPR_NOW"); }
  [[nodiscard]] api::Access access() const { return {(dir / "r.db").string(), "api-test", {}}; }
};

}  // namespace

TEST_SUITE("public interface") {
  TEST_CASE("version and notice") {
    CHECK(api::version() == OULU10_TEST_VERSION);
    CHECK(api::notice_date() == "2021-05-27");
  }

  TEST_CASE("survey numbers, an access reply, open requests and the audit trail") {
    Fixture f;
    const auto numbers = api::survey_eligible(f.access(), "2026-01-01");
    REQUIRE(numbers.size() == 1);
    CHECK(numbers[0].phone == "+358400001234");
    CHECK(numbers[0].call_id == "k-10");
    CHECK(numbers[0].called_at.size() == 20);

    api::Subject aino;
    aino.hetu = {"010185-912T"};
    const auto reply = nlohmann::json::parse(api::inspect_json(f.access(), aino));
    CHECK(reply["schema_version"] == 4);
    CHECK(reply["records"]["customers"].size() == 1);

    const auto requests = nlohmann::json::parse(api::open_requests_json(f.access()));
    CHECK(requests["today"] == "2026-11-28");
    CHECK(requests["requests"].empty());
    CHECK(api::audit_trail_verifies(f.access()));
  }

  TEST_CASE("errors are oulu10::Error with the command line's exit codes") {
    Fixture f;
    api::Subject nobody;
    nobody.hetu = {"131052-308T"};
    CHECK_THROWS_AS(api::inspect_json(f.access(), nobody), NoMatch);
    CHECK_THROWS_AS(api::survey_eligible(f.access(), "yesterday"), InvalidInput);
    try {
      api::survey_eligible({(f.dir / "missing.db").string(), "api-test", {}}, "2026-01-01");
      FAIL("a missing register was opened");
    } catch (const Error& error) {
      CHECK(error.code() == ExitCode::register_unusable);
    }
  }
}

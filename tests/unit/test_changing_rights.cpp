// erase, restrict, object, withdraw-consent and survey-eligible, through the library.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "core/keyed_hash.hpp"
#include "intake/import.hpp"
#include "oulu10gdpr/error.hpp"
#include "retention/rules.hpp"
#include "retention/schedule.hpp"
#include "rights/erase.hpp"
#include "rights/object.hpp"
#include "rights/restrict.hpp"
#include "rights/survey_eligible.hpp"
#include "rights/withdraw_consent.hpp"
#include "store/erasure.hpp"
#include "store/objections.hpp"
#include "store/recordings.hpp"
#include "store/subject_reader.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

constexpr const char* kPerson = R"(
{"type":"customer","id":"c-1","hetu":"131052-308T","name":"Eero","phone":"0401112222"}
{"type":"case","id":"t-statutory","customer":"c-1","kind":"task","opened_at":"2026-01-01","closed_at":"2026-01-02","statutory":true}
{"type":"case","id":"t-plain","customer":"c-1","kind":"feedback","opened_at":"2026-01-01","closed_at":"2026-01-02"}
{"type":"call","id":"k-complained","customer":"c-1","phone":"0401112222","started_at":"2026-02-01T10:00:00Z","recording":"rec/k.wav"}
{"type":"call","id":"k-plain","customer":"c-1","phone":"0401112222","started_at":"2026-02-02T10:00:00Z","recording":"rec/gone.wav"}
{"type":"sms_survey","id":"s-1","call":"k-plain","sent_at":"2026-02-02T11:00:00Z"}
{"type":"case","id":"t-complaint","customer":"c-1","kind":"complaint","opened_at":"2026-02-03","related":["call:k-complained"]}
{"type":"consent","id":"a-1","customer":"c-1","method":"oral","purpose":"sms-survey","given_at":"2026-02-01T10:00:00Z"}
)";

struct Fixture : testing::ScratchRegister {
  Session session{SessionOptions{}};

  Fixture() { load(kPerson); }
  void load(const std::string& text) {
    std::istringstream lines(text);
    intake::import_ndjson(reg, lines, "fixture", policy::embedded_policy());
  }
  static Subject subject(const std::string& hetu = "131052-308T") {
    identity::SubjectInput input;
    input.hetu = {hetu};
    return identity::resolve_subject(input);
  }
  std::int64_t count(const std::string& table) {
    sqlite::Statement query(reg.connection(), "SELECT count(*) FROM " + table);
    query.step();
    return query.int64(0);
  }
};

std::vector<std::string> kept_ids(const rights::EraseReport& report) {
  std::vector<std::string> ids;
  for (const auto& kept : report.kept) ids.push_back(kept.source_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_SUITE("keyed hash") {
  TEST_CASE("is HMAC-SHA-256: the RFC 4231 test case 2") {
    KeyedHash hash("Jefe");
    CHECK(hash("what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hash("what do ya want for nothing?") == hash("what do ya want for nothing?"));
    CHECK(KeyedHash("other")("what do ya want for nothing?") !=
          hash("what do ya want for nothing?"));
  }
}

TEST_SUITE("erase") {
  TEST_CASE("keeps statutory cases, open complaints and the customer they need") {
    Fixture f;
    const auto report = rights::erase(f.reg, f.session, Fixture::subject(), std::nullopt, false);
    CHECK(kept_ids(report) ==
          std::vector<std::string>{"c-1", "k-complained", "t-complaint", "t-statutory"});
    CHECK(report.erased[Category::case_] == 1);
    CHECK(report.erased[Category::call] == 1);
    CHECK(report.erased[Category::sms_survey] == 1);
    CHECK(report.erased[Category::consent] == 1);
    CHECK(report.recording_files == 1);
    CHECK(report.pending.files_deleted == 1);  // rec/gone.wav never existed: counts as gone
    CHECK(f.count("call") == 1);
    CHECK(f.count("pending_file_deletion") == 0);
    CHECK(f.count("pending_scrub") == 0);
    CHECK_THROWS_AS(rights::throw_if_incomplete(report), RecordsKept);
  }

  TEST_CASE("a dry run changes nothing and reports the same") {
    Fixture f;
    const auto dry = rights::erase(f.reg, f.session, Fixture::subject(), std::nullopt, true);
    CHECK(f.count("call") == 2);
    CHECK(f.count("erased_source") == 0);
    const auto real = rights::erase(f.reg, f.session, Fixture::subject(), std::nullopt, false);
    CHECK(dry.erased == real.erased);
    CHECK(kept_ids(dry) == kept_ids(real));
  }

  TEST_CASE("erased source ids are kept as keyed hashes only, and import skips them") {
    Fixture f;
    rights::erase(f.reg, f.session, Fixture::subject(), std::nullopt, false);
    sqlite::Statement keys(f.reg.connection(), "SELECT category, source_key FROM erased_source");
    while (keys.step()) {
      CHECK(keys.text(1).size() == 64);
      CHECK(keys.text(1).find("plain") == std::string::npos);
    }
    store::ErasedSources erased(f.reg);
    CHECK(erased.contains(Category::call, "k-plain"));
    CHECK_FALSE(erased.contains(Category::call, "k-complained"));  // kept, so not erased
    CHECK_FALSE(erased.contains(Category::case_, "k-plain"));      // the type is part of it
    std::istringstream again(kPerson);
    const auto report = intake::import_ndjson(f.reg, again, "again", policy::embedded_policy());
    CHECK(report.counts(Category::call).skipped_erased == 1);
    CHECK(report.counts(Category::sms_survey).skipped_erased == 1);
    CHECK(report.counts(Category::case_).skipped_erased == 1);
    CHECK(report.counts(Category::consent).skipped_erased == 1);
    CHECK(report.counts(Category::call).updated == 1);
    CHECK(f.count("call") == 1);
  }

  TEST_CASE("recording files are deleted inside the recordings directory only") {
    Fixture f;
    std::filesystem::create_directories(f.dir / "recordings/rec");
    std::ofstream(f.dir / "recordings/rec/gone.wav") << "audio";
    rights::erase(f.reg, f.session, Fixture::subject(), std::nullopt, false);
    CHECK_FALSE(std::filesystem::exists(f.dir / "recordings/rec/gone.wav"));
    CHECK(store::recording_path(f.reg, "rec/x.wav") == f.dir / "recordings/rec/x.wav");
    for (const char* unsafe : {"/etc/passwd", "../r.db", "rec/../../r.db", "..", ""}) {
      CAPTURE(unsafe);
      CHECK_FALSE(store::is_safe_recording_path(unsafe));
      CHECK_FALSE(store::recording_path(f.reg, unsafe).has_value());
    }
    CHECK(store::is_safe_recording_path("2026/11/k..1.wav"));
  }

  TEST_CASE("nothing matching is NoMatch, after the attempt is audited") {
    Fixture f;
    CHECK_THROWS_AS(
        rights::erase(f.reg, f.session, Fixture::subject("010185-912T"), std::nullopt, false),
        NoMatch);
    CHECK(f.count("audit") == 1);
  }
}

TEST_SUITE("restrict") {
  TEST_CASE("restricted records are held from retention and kept from erasure") {
    Fixture f;
    const auto report = rights::restrict_processing(f.reg, f.session, Fixture::subject(),
                                                    "accuracy", std::nullopt, false);
    CHECK(report.records.total() == 8);
    CHECK(f.count("restricted_record") == 8);
    const auto records = f.reg.subject_reader()->read(Fixture::subject().keys);
    REQUIRE(records.restrictions.size() == 1);
    CHECK(records.restrictions.front().ground == "accuracy");
    CHECK(records.restricted.size() == 8);
    for (const auto& [key, schedule] :
         retention::schedule(retention::rules_of(policy::embedded_policy()), records)) {
      CHECK(std::find(schedule.holds.begin(), schedule.holds.end(), KeptBecause::restricted) !=
            schedule.holds.end());
    }
    const auto erased = rights::erase(f.reg, f.session, Fixture::subject(), std::nullopt, false);
    CHECK(erased.erased.total() == 0);
    CHECK(erased.kept.size() == 8);
  }

  TEST_CASE("lifting ends every restriction on the subject's records") {
    Fixture f;
    rights::restrict_processing(f.reg, f.session, Fixture::subject(), "unlawful", std::nullopt,
                                false);
    rights::restrict_processing(f.reg, f.session, Fixture::subject(), "objection", std::nullopt,
                                false);
    const auto lifted =
        rights::lift_restriction(f.reg, f.session, Fixture::subject(), std::nullopt, false);
    CHECK(lifted.restrictions == 2);
    CHECK(f.count("restriction") == 0);
    CHECK(f.count("restricted_record") == 0);
    CHECK_THROWS_AS(
        rights::lift_restriction(f.reg, f.session, Fixture::subject(), std::nullopt, false),
        NoMatch);
  }

  TEST_CASE("an unknown ground is refused before anything is read") {
    Fixture f;
    CHECK_THROWS_AS(rights::restrict_processing(f.reg, f.session, Fixture::subject(), "whim",
                                                std::nullopt, false),
                    InvalidInput);
    CHECK(f.count("audit") == 0);
  }
}

TEST_SUITE("object and withdraw-consent") {
  TEST_CASE("an objection is found again under any identifier, and suppresses surveys") {
    Fixture f;
    const auto report =
        rights::object(f.reg, f.session, Fixture::subject(), "sms-survey", std::nullopt, false);
    CHECK(report.numbers == 1);
    const auto objections = f.reg.objections();
    CHECK(objections->objected("sms-survey", "phone:+358401112222"));
    CHECK(objections->objected("sms-survey", "customer:c-1"));
    CHECK_FALSE(objections->objected("quality-monitoring", "phone:+358401112222"));
    CHECK(objections->find({"hetu:131052-308T"}).size() == 1);
    const auto list = rights::survey_eligible(f.reg, f.session, from_unix(0));
    CHECK(list.calls.empty());
    CHECK(list.suppressed == 1);
  }

  TEST_CASE("only objectable purposes of the policy") {
    Fixture f;
    CHECK_THROWS_AS(rights::object(f.reg, f.session, Fixture::subject(), "customer-service",
                                   std::nullopt, false),
                    InvalidInput);
  }

  TEST_CASE("withdrawn consents leave the number out until consent is given again") {
    Fixture f;
    CHECK(rights::survey_eligible(f.reg, f.session, from_unix(0)).calls.size() == 1);
    const auto report = rights::withdraw_consent(f.reg, f.session, Fixture::subject(),
                                                 std::string("sms-survey"), std::nullopt, false);
    CHECK(report.withdrawn == 1);
    CHECK(rights::survey_eligible(f.reg, f.session, from_unix(0)).calls.empty());
    f.load(R"({"type":"consent","id":"a-2","customer":"c-1","method":"written",)"
           R"("purpose":"sms-survey","given_at":"2030-01-01T00:00:00Z"})");
    CHECK(rights::survey_eligible(f.reg, f.session, from_unix(0)).calls.size() == 1);
  }
}

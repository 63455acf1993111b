#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "identity/subject_input.hpp"
#include "intake/import.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/export.hpp"
#include "session/session.hpp"
#include "store/subject_reader.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

struct Fixture : testing::ScratchRegister {
  Fixture() {
    std::istringstream lines(
        R"({"type":"customer","id":"c-1","hetu":"131052-308T","phone":"0401234567"})"
        "\n"
        R"({"type":"call","id":"k-1","customer":"c-1","phone":"0401234567","started_at":"2026-01-01"})"
        "\n"
        R"({"type":"call","id":"k-other","phone":"0401234567","started_at":"2026-01-02"})"
        "\n"
        R"({"type":"chat","id":"h-1","customer":"c-1","started_at":"2026-01-03","messages":[{"from":"customer","text":"mine"},{"from":"agent","text":"theirs"}]})"
        "\n"
        R"({"type":"consent","id":"a-other","phone":"0401234567","method":"oral","purpose":"sms-survey","given_at":"2026-01-02"})");
    intake::import_ndjson(reg, lines, "fixture", policy::embedded_policy());
  }

  SubjectRecords read(const identity::SubjectInput& input) {
    return reg.subject_reader()->read(identity::resolve_subject(input).keys);
  }
};

}  // namespace

TEST_SUITE("rights") {
  TEST_CASE("selectors are validated, normalised and named in refusals") {
    identity::SubjectInput input;
    input.hetu = {" 131052-308t "};
    input.phone = {"+358 40 1234567", "040 123 4567"};
    const auto subject = identity::resolve_subject(input);
    CHECK(subject.keys.hetus == std::vector<std::string>{"131052-308T"});
    CHECK(subject.keys.phones == std::vector<std::string>{"+358401234567"});
    CHECK(subject.identifiers() ==
          std::vector<std::string>{"hetu:131052-308T", "phone:+358401234567"});

    CHECK_THROWS_WITH_AS(identity::resolve_subject({}), doctest::Contains("name the data subject"),
                         InvalidInput);
    identity::SubjectInput bad;
    bad.hetu = {"131052-308U"};
    CHECK_THROWS_WITH_AS(identity::resolve_subject(bad), "--hetu: wrong check character",
                         InvalidInput);
  }

  TEST_CASE("a customer's own number does not pull in other people's unlinked records") {
    Fixture f;
    identity::SubjectInput by_hetu;
    by_hetu.hetu = {"131052-308T"};
    const auto own = f.read(by_hetu);
    REQUIRE(own.calls.size() == 1);
    CHECK(own.calls[0].record.source_id == "k-1");
    CHECK(own.consents.empty());

    identity::SubjectInput with_phone = by_hetu;
    with_phone.phone = {"0401234567"};
    const auto wider = f.read(with_phone);
    CHECK(wider.calls.size() == 2);
    CHECK(wider.consents.size() == 1);
  }

  TEST_CASE("export keeps the customer's own messages and says what it left out") {
    Fixture f;
    identity::SubjectInput input;
    input.customer = {"c-1"};
    const auto subject = identity::resolve_subject(input);
    const auto records = f.reg.subject_reader()->read(subject.keys);
    const auto& policy = policy::embedded_policy();
    const auto document = rights::export_document(policy, now(), subject.keys, records, {});
    const auto& chat = document["data"]["chats"][0];
    CHECK(chat["customer_messages"][0]["text"] == "mine");
    CHECK_FALSE(chat.contains("agent_messages"));
    CHECK(document["left_out"].size() == policy.portability.excluded.size());
    for (const auto& [category, fields] : document["data"].items()) {
      for (const auto& record : fields) {
        for (const auto& [field, value] : record.items()) {
          CAPTURE(category);
          CAPTURE(field);
          CHECK(policy.portability.includes(category, field));
        }
      }
    }
  }

  TEST_CASE("audit entries chain, and a pseudonym is stable per register") {
    Fixture f;
    sqlite::Transaction transaction(f.reg.connection(), sqlite::Transaction::Kind::write);
    const Session session{SessionOptions{}};
    audit::Trail trail(f.reg, session);
    const auto ref = trail.subject_reference({"hetu:131052-308T"});
    CHECK(ref.size() == 24);
    CHECK(ref == trail.subject_reference({"hetu:131052-308T"}));
    CHECK(ref != trail.subject_reference({"hetu:131052Y308T"}));
    trail.append({.at = now(),
                  .actor = "a",
                  .identity = {"clerk01", std::nullopt, std::nullopt},
                  .command = "inspect",
                  .request_id = std::nullopt,
                  .subject_ref = ref,
                  .details = {},
                  .outcome = "read"});
    trail.append({.at = now(),
                  .actor = "a",
                  .identity = {"clerk01", "anna", 1000},
                  .command = "export",
                  .request_id = "R-1",
                  .subject_ref = ref,
                  .details = {},
                  .outcome = "read"});
    const auto log = f.reg.audit_log();
    const auto last = log->last();
    REQUIRE(last.has_value());
    CHECK(last->first == 2);

    store::AuditRow row;
    row.seq = 1;
    row.at = 1795867200;
    row.prev_hash = std::string(audit::kGenesisHash);
    row.details = R"({"categories":{"calls":1}})";
    const auto hash = audit::entry_hash(row);
    // The chain's canonical form is this JSON array, fixed once entries exist: a verifier in
    // any language can recompute it (this value was computed with Python's json and hashlib).
    CHECK(hash == "ff2764308fab7020f44e963292138b3aa81270ee0e3aa6a91c758f56b2c34fb8");
    row.seq = 2;  // any field changes the hash
    CHECK(audit::entry_hash(row) != hash);
  }

  TEST_CASE("bulk export writes what json::dump writes") {
    Fixture f;
    std::istringstream lines("hetu:131052-308T\ncustomer:c-1\n");
    std::ostringstream out;
    std::ostringstream problems;
    const Session session(SessionOptions{});
    const auto report = rights::export_batch(f.reg, session, lines, out, problems);
    CHECK(report.exported == 2);
    std::istringstream written(out.str());
    std::string line;
    while (std::getline(written, line)) CHECK(nlohmann::json::parse(line).dump() == line);
  }

  TEST_CASE("pseudonyms are HMAC-SHA-256 under the register's key") {
    Fixture f;
    f.reg.connection().exec("UPDATE register_key SET key = zeroblob(32)");
    sqlite::Transaction transaction(f.reg.connection(), sqlite::Transaction::Kind::write);
    const Session session{SessionOptions{}};
    // Computed with Python's hmac and hashlib for a key of 32 zero bytes.
    CHECK(audit::Trail(f.reg, session)
              .subject_reference({"phone:+358401234567", "hetu:131052-308T"}) ==
          "235a978a98580428a3f70555,5104de59daa22e9ed99b220c");
  }

  TEST_CASE("each register has its own secret, so pseudonyms do not link across registers") {
    Fixture a;
    Fixture b;
    sqlite::Transaction ta(a.reg.connection(), sqlite::Transaction::Kind::write);
    sqlite::Transaction tb(b.reg.connection(), sqlite::Transaction::Kind::write);
    const Session session{SessionOptions{}};
    CHECK(audit::Trail(a.reg, session).subject_reference({"x"}) !=
          audit::Trail(b.reg, session).subject_reference({"x"}));
  }
}

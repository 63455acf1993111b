// audit::consultations_of: which entries of the trail reach a subject's access reply. An entry
// counts when it is indexed under one of the subject's henkilötunnus or customer ids; or under a
// number or address the clerk gave, and under nothing that is not the subject's.
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "audit/consultations.hpp"
#include "audit/trail.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

// Aino and Eino share a family phone; Aino also had an older number, since rectified.
constexpr const char* kAinoHetu = "hetu:010185-912T";
constexpr const char* kAinoCustomer = "customer:c-aino";
constexpr const char* kAinoEmail = "email:aino@example.com";
constexpr const char* kEinoHetu = "hetu:150565-9504";
constexpr const char* kEinoCustomer = "customer:c-eino";
constexpr const char* kShared = "phone:+358400001234";
constexpr const char* kOldNumber = "phone:+358501112222";
constexpr const char* kStrangerEmail = "email:someone@example.org";

struct Fixture : testing::ScratchRegister {
  const Session session{SessionOptions{}};
  std::int64_t clock = 1'795'867'200;  // 2026-11-28T12:00:00Z, then a minute per entry

  // Appends an entry as a rights command does: its subject reference from what the clerk gave,
  // indexed also under the identifiers on the records it read.
  void entry(const std::string& command, const std::vector<std::string>& given,
             const std::vector<std::string>& on_records,
             const std::optional<std::string>& request_id = std::nullopt,
             const std::string& outcome = "read") {
    sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
    audit::Trail trail(reg, session);
    std::vector<std::string> index_keys;
    for (const auto& identifier : on_records) index_keys.push_back(reg.keyed_hash(identifier));
    trail.append({.at = from_unix(clock),
                  .actor = "anna",
                  .identity = {"clerk01", std::nullopt, std::nullopt},
                  .command = command,
                  .request_id = request_id,
                  .subject_ref =
                      given.empty() ? std::nullopt : std::optional(trail.subject_reference(given)),
                  .details = nlohmann::json::object(),
                  .outcome = outcome,
                  .index_keys = index_keys});
    transaction.commit();
    clock += 60;
  }

  // The subject as the reply knows them: persons and contacts as the clerk gave them or the
  // records carry them (contacts only as given), every identifier in `all`.
  audit::SubjectIndex index(const std::vector<std::string>& persons,
                            const std::vector<std::string>& given_contacts,
                            const std::vector<std::string>& contacts_on_records) {
    audit::SubjectIndex out;
    for (const auto& p : persons) {
      out.persons.push_back(reg.keyed_hash(p));
      out.all.push_back(reg.keyed_hash(p));
    }
    for (const auto& c : given_contacts) {
      out.contacts.push_back(reg.keyed_hash(c));
      out.all.push_back(reg.keyed_hash(c));
    }
    for (const auto& c : contacts_on_records) out.all.push_back(reg.keyed_hash(c));
    return out;
  }

  // The commands of the entries found, in the order found.
  std::vector<std::string> found(const audit::SubjectIndex& subject) {
    std::vector<std::string> out;
    for (const auto& consultation : audit::consultations_of(reg, subject)) {
      out.push_back(consultation.command);
    }
    return out;
  }
};

using Commands = std::vector<std::string>;

}  // namespace

TEST_SUITE("consultations") {
  TEST_CASE("an entry under one of the subject's henkilötunnus or customer ids counts") {
    Fixture f;
    f.entry("inspect", {kAinoHetu}, {kAinoHetu, kAinoCustomer, kShared});
    f.entry("export", {kAinoCustomer}, {kAinoHetu, kAinoCustomer, kShared});
    f.entry("erase", {kEinoHetu}, {kEinoHetu, kEinoCustomer, kShared});
    CHECK(f.found(f.index({kAinoHetu, kAinoCustomer}, {}, {kShared})) ==
          Commands{"inspect", "export"});
    CHECK(f.found(f.index({kAinoHetu}, {}, {})) == Commands{"inspect", "export"});
    CHECK(f.found(f.index({kAinoCustomer}, {}, {})) == Commands{"inspect", "export"});
    CHECK(f.found(f.index({kEinoHetu, kEinoCustomer}, {}, {kShared})) == Commands{"erase"});
  }

  TEST_CASE("another person's entries never come through a number the two share") {
    Fixture f;
    f.entry("inspect", {kEinoHetu}, {kEinoHetu, kEinoCustomer, kShared});
    f.entry("erase", {kEinoHetu, kShared}, {kEinoHetu, kEinoCustomer, kShared});
    // Not when the number is only on Aino's records, nor when the clerk gives it.
    CHECK(f.found(f.index({kAinoHetu, kAinoCustomer}, {}, {kShared})).empty());
    CHECK(f.found(f.index({kAinoHetu, kAinoCustomer}, {kShared}, {})).empty());
    CHECK(f.found(f.index({}, {kShared}, {})).empty());
  }

  TEST_CASE("an entry made by the number that read the subject's records counts for each") {
    Fixture f;
    f.entry("inspect", {kShared}, {kShared, kAinoHetu, kAinoCustomer, kEinoHetu, kEinoCustomer});
    CHECK(f.found(f.index({kAinoHetu, kAinoCustomer}, {}, {kShared})) == Commands{"inspect"});
    CHECK(f.found(f.index({kEinoHetu}, {}, {})) == Commands{"inspect"});
  }

  TEST_CASE("an entry under a number alone counts only when the clerk gives the number") {
    Fixture f;
    f.entry("request open", {kShared}, {}, "REQ-2026-0001", "opened");
    // On the records only, the number may be anyone's.
    CHECK(f.found(f.index({kAinoHetu, kAinoCustomer}, {}, {kShared})).empty());
    const auto given = f.index({kAinoHetu, kAinoCustomer}, {kShared}, {});
    REQUIRE(f.found(given) == Commands{"request open"});
    const auto consultation = audit::consultations_of(f.reg, given).at(0);
    CHECK(consultation.request_id == std::optional<std::string>("REQ-2026-0001"));
    CHECK(consultation.outcome == "opened");
    CHECK(consultation.at == from_unix(1'795'867'200));
  }

  TEST_CASE("an entry under a given number and something not the subject's does not count") {
    Fixture f;
    f.entry("request open", {kShared, kStrangerEmail}, {}, "REQ-2026-0002", "opened");
    f.entry("request open", {kShared, kAinoEmail}, {}, "REQ-2026-0003", "opened");
    // Aino's address is hers when on her records, though the clerk did not give it.
    CHECK(f.found(f.index({kAinoHetu}, {kShared}, {kAinoEmail})) == Commands{"request open"});
    CHECK(audit::consultations_of(f.reg, f.index({kAinoHetu}, {kShared}, {kAinoEmail}))
              .at(0)
              .request_id == std::optional<std::string>("REQ-2026-0003"));
    CHECK(f.found(f.index({kAinoHetu}, {kShared}, {})).empty());
  }

  TEST_CASE("entries made before a number was rectified are found by the henkilötunnus") {
    Fixture f;
    f.entry("inspect", {kOldNumber}, {kOldNumber, kAinoHetu, kAinoCustomer});
    f.entry("rectify", {kAinoHetu}, {kAinoHetu, kAinoCustomer, kOldNumber}, std::nullopt,
            "rectified");
    // The old number is on no record any more, and the clerk does not give it.
    CHECK(f.found(f.index({kAinoHetu, kAinoCustomer}, {}, {kShared})) ==
          Commands{"inspect", "rectify"});
    // Asked by the new number, the records it finds carry the henkilötunnus.
    CHECK(f.found(f.index({kAinoHetu, kAinoCustomer}, {kShared}, {})) ==
          Commands{"inspect", "rectify"});
  }

  TEST_CASE("entries about no one are never listed, and the rest come oldest first") {
    Fixture f;
    f.entry("purge", {}, {}, std::nullopt, "deleted");
    f.entry("request show", {kAinoHetu}, {}, "REQ-2026-0001");
    f.entry("purge", {}, {}, std::nullopt, "deleted");
    f.entry("inspect", {kAinoHetu}, {kAinoHetu});
    const auto consultations = audit::consultations_of(f.reg, f.index({kAinoHetu}, {}, {}));
    REQUIRE(consultations.size() == 2);
    CHECK(consultations[0].command == "request show");
    CHECK(consultations[0].at == from_unix(1'795'867'260));
    CHECK(consultations[1].command == "inspect");
    CHECK(consultations[1].at == from_unix(1'795'867'380));
    CHECK_FALSE(consultations[1].request_id.has_value());
  }

  TEST_CASE("a subject with no keys finds nothing") {
    Fixture f;
    f.entry("inspect", {kAinoHetu}, {kAinoHetu});
    CHECK(f.found(audit::SubjectIndex{}).empty());
  }
}

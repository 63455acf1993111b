#pragma once
// liboulu10gdpr's public interface, for programs that work with an Oulu 10 register without
// the command line: an SMS system that reads whom it may survey, a case system that shows the
// registry office's open requests. Small and stable on purpose: standard-library types only,
// JSON documents as text in the shapes of the command line's --json output (the schemas are
// installed in share/oulu10-gdpr/schemas). Every call that reads a person's data is recorded in
// the register's audit trail, as the command line's are. Every error is thrown as an
// oulu10::Error (oulu10gdpr/error.hpp); its message may name the command-line option that
// corresponds to the field at fault (--db for register_path, --actor for actor). As the command
// line does, the library reads OULU10_GDPR_NOW, OULU10_GDPR_BUSY_TIMEOUT_MS,
// OULU10_GDPR_RECORDINGS and OULU10_GDPR_JOURNAL from the environment (see oulu10-gdpr(1)), and
// refuses a register restored from a copy older than its rights journal (RegisterRestored)
// until `oulu10-gdpr restore --replay` has run. Link with -loulu10gdpr, or
// find_package(oulu10gdpr) and oulu10gdpr::oulu10gdpr.
#include <optional>
#include <string>
#include <vector>

#include "oulu10gdpr/error.hpp"

namespace oulu10::api {

// The library's version, such as "0.1.0".
std::string version();

// The date (YYYY-MM-DD) of the privacy notice built into the library.
std::string notice_date();

// Which register to use, and who acts.
struct Access {
  std::string register_path;               // the register file (oulu10-gdpr init made it)
  std::string actor;                       // who acts, as the audit trail names them
  std::optional<std::string> policy_file;  // a later policy document than the built-in one
};

// A number the SMS satisfaction survey may be sent to.
struct SurveyNumber {
  std::string phone;      // in E.164 form, such as +358401234567
  std::string call_id;    // the source system's id of the number's latest call in the period
  std::string called_at;  // when that call started, UTC, such as 2026-11-28T09:15:00Z
};

// As `oulu10-gdpr survey-eligible --since SINCE` (ISO 8601); audited.
std::vector<SurveyNumber> survey_eligible(const Access& access, const std::string& since);

// A person, by any of their identifiers (at least one), as the command line's selectors.
struct Subject {
  std::vector<std::string> hetu;      // henkilötunnus
  std::vector<std::string> phone;     // phone numbers, in any usual form
  std::vector<std::string> email;     // e-mail addresses
  std::vector<std::string> customer;  // the source system's customer ids
};

// As `oulu10-gdpr --json inspect` (schemas/inspect.schema.json); audited; NoMatch if nothing.
// Other people's identifiers in its free text are left in and listed in third_party.mentions,
// for you to review; it does not throw ReviewNeeded.
std::string inspect_json(const Access& access, const Subject& subject);

// As `oulu10-gdpr --json request list --open` (schemas/request-list.schema.json).
std::string open_requests_json(const Access& access);

// Whether the register's audit trail verifies: no entry changed, removed or reordered.
bool audit_trail_verifies(const Access& access);

}  // namespace oulu10::api

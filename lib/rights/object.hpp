#pragma once
// `object` (GDPR art. 21) and `withdraw-consent` (art. 7(3)), and `survey-eligible`, the list
// of numbers the SMS survey may be sent to, which honours both.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "store/survey_calls.hpp"
#include "identity/subject_input.hpp"
#include "session/session.hpp"

namespace oulu10::rights {

struct ObjectReport {
  std::string purpose;
  bool dry_run = false;
  std::size_t identifiers = 0;      // the objection is recorded under each
  std::size_t new_identifiers = 0;  // those that had not objected to the purpose before
  std::size_t numbers = 0;          // phone numbers among them: suppressed, for sms-survey
  std::size_t records = 0;          // the subject's records (an objection needs none)
};

// Records the objection under every identifier of the subject (see identifiers_with_records),
// so it holds for the numbers the subject called from and outlives an erasure. `purpose` must
// be one the policy marks objectable (InvalidInput otherwise).
ObjectReport object(store::Store& store, const Session& session, const Subject& subject,
                    const std::string& purpose, const std::optional<std::string>& request_id,
                    bool dry_run);

struct WithdrawReport {
  std::optional<std::string> purpose;  // all purposes when absent
  bool dry_run = false;
  std::size_t consents = 0;           // the subject's consents for the purpose
  std::size_t withdrawn = 0;          // withdrawn now
  std::size_t already_withdrawn = 0;  // were withdrawn before
};

// Marks the subject's consents (for `purpose`, or all) withdrawn from now on. A purpose the
// policy does not know is InvalidInput; no such consent is NoMatch (after the audit entry).
WithdrawReport withdraw_consent(store::Store& store, const Session& session,
                                const Subject& subject, const std::optional<std::string>& purpose,
                                const std::optional<std::string>& request_id, bool dry_run);

struct SurveyList {
  Timestamp since;
  std::vector<store::SurveyCall> calls;  // one per number, ordered by number
  std::size_t suppressed = 0;            // numbers left out because their owner objected
};

// The numbers that called at or after `since` and may get the SMS survey: not suppressed
// (an objection to the survey purpose), not under a restriction, consent not withdrawn.
// The read is audited (counts only).
SurveyList survey_eligible(store::Store& store, const Session& session, Timestamp since);

nlohmann::json to_json(const ObjectReport& report);    // schemas/object.schema.json
nlohmann::json to_json(const WithdrawReport& report);  // schemas/withdraw-consent.schema.json
nlohmann::json to_json(const SurveyList& list);        // schemas/survey-eligible.schema.json
std::string render_text(const ObjectReport& report);
std::string render_text(const WithdrawReport& report);
std::string render_text(const SurveyList& list);

}  // namespace oulu10::rights

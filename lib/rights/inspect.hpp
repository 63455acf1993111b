#pragma once
// `inspect`: the full reply to a right-of-access request (GDPR art. 15): every record the
// register holds about the subject, when each is deleted or why it is held, and the
// information art. 15(1) requires, taken from the policy.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "audit/consultations.hpp"
#include "identity/subject_input.hpp"
#include "policy/policy.hpp"
#include "policy/report_context.hpp"
#include "requests/requests.hpp"
#include "retention/schedule.hpp"
#include "rights/third_party_text.hpp"
#include "session/session.hpp"
#include "store/objections.hpp"
#include "store/processor_tasks.hpp"
#include "store/subject_reader.hpp"

namespace oulu10::rights {

struct AccessReport {
  Timestamp generated_at;
  const policy::Policy* policy = nullptr;
  SubjectKeys subject;
  SubjectRecords records;
  std::map<RowKey, retention::Schedule> schedules;
  std::vector<store::Objection> objections;  // art. 21, under any identifier of the subject
  std::vector<requests::Request> requests;   // the registry office's, naming the subject
  // The instructions given to processors about the subject's records (art. 15(1)(c)).
  std::vector<store::TaskRow> processor_tasks;
  // Every read and change of the subject's data the trail records, this reply's own included
  // (art. 15(1) as C-579/21 reads it): when, what, and the request it answered.
  std::vector<audit::Consultation> consultations;
  // Other people's identifiers in the free text (art. 15(4)): marked for review in the letter,
  // or, redacted, already replaced in `records`.
  Redaction redaction = Redaction::review;
  std::vector<TextMention> third_party;
};

// Reads and records the read in the audit trail, with how many identifiers of other people
// its free text held and whether they were redacted; NoMatch when nothing matches.
// `redaction`: review or redact.
AccessReport inspect(store::Store& store, const Session& session, const Subject& subject,
                     const std::optional<std::string>& request_id, Redaction redaction);

// ReviewNeeded when the reply holds other people's identifiers that were not redacted.
void throw_if_incomplete(const AccessReport& report);

// The JSON document of schemas/inspect.schema.json.
nlohmann::json to_json(const AccessReport& report);

// The reply as text for the clerk to read and send, in the context's language.
std::string render_text(const AccessReport& report, const ReportContext& context);

// What the clerk should know that the reply must not say (see rights/clerk_note.hpp).
std::string clerk_note(const AccessReport& report);

}  // namespace oulu10::rights

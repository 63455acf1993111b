#pragma once
// `export`: data portability (GDPR art. 20). The data the subject provided and the data
// observed about their own use, in the fields the policy's portability scope names, as one
// JSON document per subject (schemas/export.schema.json). Bulk exports stream NDJSON.
#include <cstddef>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "identity/subject_input.hpp"
#include "rights/third_party_text.hpp"
#include "session/session.hpp"
#include "store/subject_reader.hpp"

namespace oulu10::rights {

// What an export did with other people's identifiers in the free text (art. 15(4)): the
// document goes to another controller unattended, so it redacts them unless the clerk, on the
// subject's own portability request, decided to keep them.
struct OtherPeople {
  Redaction redaction = Redaction::redact;  // redact or keep
  std::vector<TextMention> mentions;
};

// The export document for records already read (and, if `other_people` says so, redacted).
nlohmann::json export_document(const policy::Policy& policy, Timestamp exported_at,
                               const SubjectKeys& subject, const SubjectRecords& records,
                               const OtherPeople& other_people);

// Reads, records the read in the audit trail with how many identifiers of other people were
// redacted or kept, and builds the document; NoMatch when nothing matches. `redaction`: redact,
// or keep, which needs `request_id` to name a portability request opened with the subject's
// identifiers (InvalidInput otherwise, nothing written). `note` receives clerk_note() of the
// read and where the identifiers of other people were.
nlohmann::json export_subject(store::Store& store, const Session& session, const Subject& subject,
                              const std::optional<std::string>& request_id, Redaction redaction,
                              std::string& note);

struct BatchReport {
  std::size_t exported = 0;
  std::size_t unmatched = 0;
  std::size_t invalid = 0;
};

// One line of a batch: "hetu:…", "phone:…", "email:…" or "customer:…" (a line from a CRLF file
// works too); nullopt with `problem` saying why when the line is not one.
std::optional<Subject> batch_subject(std::string_view line, std::string& problem);

// export_batch over FILE, or standard input for "-"; an unreadable file is InvalidInput.
BatchReport export_batch_file(store::Store& store, const Session& session, const std::string& file,
                              std::ostream& out, std::ostream& problems);

// The outcome of a batch as the exit status reports it: InvalidInput when a line was not valid,
// else NoMatch when a line matched nothing.
void throw_if_incomplete(const BatchReport& report);

// Reads one subject a line ("hetu:…", "phone:…", "email:…", "customer:…") and writes one
// document a line to `out`. A bad or unmatched line is reported on `problems` with its line
// number and the run goes on. Memory stays flat: one subject at a time. A batch answers no
// one person's request, so it is linked to none, and always redacts other people's identifiers.
BatchReport export_batch(store::Store& store, const Session& session, std::istream& in,
                         std::ostream& out, std::ostream& problems);

}  // namespace oulu10::rights

#pragma once
// Reading a subject's records for a rights command, with its audit entry in the same
// transaction, so the trail records exactly what was read.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "identity/subject_input.hpp"
#include "model/commands.hpp"
#include "session/session.hpp"
#include "store/subject_reader.hpp"

namespace oulu10::rights {

// What the clerk should know about a read that the reply must not say, such as customer records
// left out as another person's; empty when there is nothing to tell.
std::string clerk_note(const SubjectRecords& records);

// Reads subjects inside the caller's write transaction; statements are prepared once, so a
// bulk export reuses one SubjectAccess for every subject.
class SubjectAccess {
 public:
  SubjectAccess(store::Register& reg, const Session& session);

  // Reads everything about each subject and appends an audit entry per subject for
  // `command`, with the outcome "read", or "no_match" when nothing matched (the caller decides
  // what that means). `request_id` is one that requests::linked_request accepted, or nullopt.
  std::vector<SubjectRecords> read(const std::vector<Subject>& subjects,
                                   const std::optional<std::string>& request_id,
                                   const Command& command);

  // The records of one subject, without an audit entry: the caller records the read.
  SubjectRecords read_records(const Subject& subject);

  // The audit entry of one read, for a command that reads more than the records: `details`
  // (counts, no personal data) join the category counts; the outcome is "no_match" unless
  // `found` says something was.
  void record_read(const Subject& subject, const SubjectRecords& records,
                   const std::optional<std::string>& request_id, const Command& command,
                   nlohmann::json details, bool found);

 private:
  const Session& session_;
  store::SubjectReader reader_;
  audit::Trail trail_;
};

// One read in its own transaction, linked to the request as requests::linked_request allows;
// NoMatch, after the attempt is recorded, when nothing matches.
SubjectRecords read_subject(store::Register& reg, const Session& session, const Subject& subject,
                            const std::optional<std::string>& request_id, const Command& command);

}  // namespace oulu10::rights

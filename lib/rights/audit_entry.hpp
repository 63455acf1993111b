#pragma once
// The one way a rights command's audit entry is made, whichever command and however many
// subjects it acts on: when and by whom from the session, the command's audit name, the request
// it answers, the subject as a keyed pseudonym, and what was done, as details (counts and names,
// never personal data) and an outcome. Appended inside the caller's write transaction.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "model/commands.hpp"
#include "model/subject.hpp"
#include "session/session.hpp"

namespace oulu10::rights {

// `subject` is nullptr for a command about no one person (survey-eligible). `index_keys`: the
// keyed identifiers of the subject and their records (index_keys_of), under which the subject's
// access reply finds the entry. Returns the entry as stored.
store::AuditRow append_audit_entry(audit::Trail& trail, const Session& session,
                                   const Command& command,
                                   const std::optional<std::string>& request_id,
                                   const Subject* subject, nlohmann::json details,
                                   std::string_view outcome,
                                   std::vector<std::string> index_keys = {});

// Store::keyed_hash of every identifier of the subject, given or on the records read.
std::vector<std::string> index_keys_of(store::Store& store, const Subject& subject,
                                       const SubjectRecords& records);

// The details of a read's entry: how many records of each category were read.
nlohmann::json read_details(const SubjectRecords& records);

}  // namespace oulu10::rights

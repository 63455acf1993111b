#pragma once
// Reading a subject's records for a rights command, with its audit entry in the same
// transaction, so the trail records exactly what was read.
#include <optional>
#include <string>
#include <string_view>

#include "register/subject_reader.hpp"
#include "rights/subject.hpp"
#include "session/session.hpp"

namespace oulu10::rights {

// Counts by policy data category, for audit entries and reports.
nlohmann::json category_counts(const store::SubjectRecords& records);

// Reads everything about the subject and records the read as `command` in the audit trail.
// When nothing matches, the attempt is still recorded, then NoMatch is thrown.
store::SubjectRecords read_subject(store::Register& reg, const Session& session,
                                   const Subject& subject,
                                   const std::optional<std::string>& request_id,
                                   std::string_view command);

}  // namespace oulu10::rights

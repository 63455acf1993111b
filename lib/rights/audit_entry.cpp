#include "rights/audit_entry.hpp"

namespace oulu10::rights {

store::AuditRow append_audit_entry(audit::Trail& trail, const Session& session,
                                   const Command& command,
                                   const std::optional<std::string>& request_id,
                                   const Subject* subject, nlohmann::json details,
                                   std::string_view outcome, std::vector<std::string> index_keys) {
  return trail.append(
      {.at = session.now(),
       .actor = session.actor(),
       .identity = session.identity(),
       .command = std::string(command.audit_name),
       .request_id = request_id,
       .subject_ref =
           subject ? std::optional(trail.subject_reference(subject->identifiers())) : std::nullopt,
       .details = std::move(details),
       .outcome = std::string(outcome),
       .index_keys = std::move(index_keys)});
}

std::vector<std::string> index_keys_of(store::Store& store, const Subject& subject,
                                       const SubjectRecords& records) {
  std::vector<std::string> keys;
  for (const auto& identifier : identifiers_with_records(subject, records)) {
    keys.push_back(store.keyed_hash(identifier));
  }
  return keys;
}

nlohmann::json read_details(const SubjectRecords& records) {
  return {{"categories", counts_json(records.counts())}};
}

}  // namespace oulu10::rights

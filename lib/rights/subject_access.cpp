#include "rights/subject_access.hpp"

#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"
#include "rights/audit_entry.hpp"

namespace oulu10::rights {

std::string clerk_note(const SubjectRecords& records) {
  if (records.other_people_left_out == 0) return {};
  return std::to_string(records.other_people_left_out) +
         " customer record(s) matching the given phone or e-mail carry another henkilötunnus "
         "and were left out as another person's (GDPR art. 15(4))";
}

SubjectAccess::SubjectAccess(store::Register& reg, const Session& session)
    : session_(session), reader_(reg), trail_(reg) {}

std::vector<SubjectRecords> SubjectAccess::read(const std::vector<Subject>& subjects,
                                                const std::optional<std::string>& request_id,
                                                const Command& command) {
  std::vector<SubjectKeys> keys;
  keys.reserve(subjects.size());
  for (const auto& subject : subjects) keys.push_back(subject.keys);
  auto found = reader_.read(keys);
  for (std::size_t i = 0; i < subjects.size(); ++i) {
    record_read(subjects[i], found[i], request_id, command, nlohmann::json::object(),
                !found[i].empty());
  }
  return found;
}

SubjectRecords SubjectAccess::read_records(const Subject& subject) {
  return reader_.read(subject.keys);
}

void SubjectAccess::record_read(const Subject& subject, const SubjectRecords& records,
                                const std::optional<std::string>& request_id,
                                const Command& command, nlohmann::json details, bool found) {
  details.update(read_details(records));
  append_audit_entry(trail_, session_, command, request_id, &subject, std::move(details),
                     found ? "read" : "no_match");
}

SubjectRecords read_subject(store::Register& reg, const Session& session, const Subject& subject,
                            const std::optional<std::string>& request_id, const Command& command) {
  // A write transaction, because the audit entry is written with the read.
  sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
  const auto request = requests::linked_request(reg, request_id, command, subject);
  auto records = std::move(SubjectAccess(reg, session).read({subject}, request, command).front());
  transaction.commit();
  if (records.empty()) throw NoMatch("nothing in the register matches the given subject");
  return records;
}

}  // namespace oulu10::rights

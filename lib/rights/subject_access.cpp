#include "rights/subject_access.hpp"

#include "core/error.hpp"
#include "requests/requests.hpp"

namespace oulu10::rights {

std::string clerk_note(const store::SubjectRecords& records) {
  if (records.other_people_left_out == 0) return {};
  return std::to_string(records.other_people_left_out) +
         " customer record(s) matching the given phone or e-mail carry another henkilötunnus "
         "and were left out as another person's (GDPR art. 15(4))";
}

nlohmann::json category_counts(const store::SubjectRecords& records) {
  nlohmann::json counts = nlohmann::json::object();
  for (const auto category : kCategories) {
    counts[std::string(policy_category(category))] = records.count(category);
  }
  return counts;
}

SubjectAccess::SubjectAccess(store::Register& reg, const Session& session)
    : session_(session), reader_(reg), trail_(reg) {}

std::vector<store::SubjectRecords> SubjectAccess::read(const std::vector<Subject>& subjects,
                                                       const std::optional<std::string>& request_id,
                                                       std::string_view command) {
  std::vector<store::SubjectKeys> keys;
  keys.reserve(subjects.size());
  for (const auto& subject : subjects) keys.push_back(subject.keys);
  auto found = reader_.read(keys);
  for (std::size_t i = 0; i < subjects.size(); ++i) {
    trail_.append({.at = session_.now(),
                   .actor = session_.actor(),
                   .command = std::string(command),
                   .request_id = request_id,
                   .subject_ref = trail_.subject_reference(subjects[i].identifiers()),
                   .details = {{"categories", category_counts(found[i])}},
                   .outcome = found[i].empty() ? "no_match" : "read"});
  }
  return found;
}

store::SubjectRecords read_subject(store::Register& reg, const Session& session,
                                   const Subject& subject,
                                   const std::optional<std::string>& request_id,
                                   std::string_view command) {
  // A write transaction, because the audit entry is written with the read.
  sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
  const auto request = requests::linked_request(reg, request_id, command, subject);
  auto records = std::move(SubjectAccess(reg, session).read({subject}, request, command).front());
  transaction.commit();
  if (records.empty()) throw NoMatch("nothing in the register matches the given subject");
  return records;
}

}  // namespace oulu10::rights

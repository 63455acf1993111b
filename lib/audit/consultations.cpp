#include "audit/consultations.hpp"

#include <algorithm>
#include <set>

#include "audit/trail.hpp"

namespace oulu10::audit {
namespace {

std::set<std::string> subject_keys(const std::vector<std::string>& keyed_hashes) {
  std::set<std::string> keys;
  for (const auto& keyed : keyed_hashes) keys.insert(subject_key(keyed));
  return keys;
}

bool any_in(const std::vector<std::string>& keys, const std::set<std::string>& set) {
  return std::any_of(keys.begin(), keys.end(), [&](const auto& key) { return set.contains(key); });
}

bool all_in(const std::vector<std::string>& keys, const std::set<std::string>& set) {
  return std::all_of(keys.begin(), keys.end(), [&](const auto& key) { return set.contains(key); });
}

}  // namespace

std::vector<Consultation> consultations_of(store::Store& store, const SubjectIndex& subject) {
  const auto persons = subject_keys(subject.persons);
  const auto all = subject_keys(subject.all);
  std::vector<std::string> wanted(persons.begin(), persons.end());
  for (const auto& key : subject_keys(subject.contacts)) wanted.push_back(key);

  std::vector<Consultation> out;
  for (const auto& entry : store.audit_log()->indexed_under(wanted)) {
    if (!any_in(entry.subject_keys, persons) && !all_in(entry.subject_keys, all)) continue;
    out.push_back({.at = from_unix(entry.at),
                   .command = entry.command,
                   .outcome = entry.outcome,
                   .request_id = entry.request_id});
  }
  return out;
}

}  // namespace oulu10::audit

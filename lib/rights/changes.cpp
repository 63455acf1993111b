#include "rights/changes.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"
#include "store/subject_reader.hpp"

namespace oulu10::rights {

void check_one_person(const Subject& subject, const SubjectRecords& records) {
  const auto& customers = records.customers;
  if (customers.size() <= 1) return;
  const auto& first = customers.front().record.hetu;
  const bool one_hetu = first && std::all_of(customers.begin(), customers.end(),
                                             [&](const auto& c) { return c.record.hetu == first; });
  const auto& named = subject.keys.customer_ids;
  const bool all_named = std::all_of(customers.begin(), customers.end(), [&](const auto& c) {
    return std::find(named.begin(), named.end(), c.record.source_id) != named.end();
  });
  if (one_hetu || all_named) return;
  throw InvalidInput(fmt::format(
      "the subject matches {} customer records that may be different people; name the person "
      "with --hetu, or each record with --customer",
      customers.size()));
}

SubjectRecords read_one_person(store::Store& store, const Subject& subject) {
  auto records = store.subject_reader()->read(subject.keys);
  check_one_person(subject, records);
  return records;
}

std::vector<std::string> recipients_to_inform(const policy::Policy& policy) {
  std::vector<std::string> names;
  for (const auto& recipient : policy.recipients) names.push_back(recipient.name);
  return names;
}

}  // namespace oulu10::rights

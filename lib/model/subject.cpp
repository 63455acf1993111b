#include "model/subject.hpp"

#include <algorithm>

namespace oulu10 {
namespace {

void sort_unique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

std::vector<std::string> Subject::identifiers() const {
  std::vector<std::string> parts;
  for (const auto& v : keys.hetus) parts.push_back("hetu:" + v);
  for (const auto& v : keys.phones) parts.push_back("phone:" + v);
  for (const auto& v : keys.email_keys) parts.push_back("email:" + v);
  for (const auto& v : keys.customer_ids) parts.push_back("customer:" + v);
  sort_unique(parts);
  return parts;
}

CategoryCounts SubjectRecords::counts() const {
  CategoryCounts counts;
  each_category([&](Category category, const auto& records) { counts[category] = records.size(); });
  return counts;
}

std::vector<std::string> identifiers_with_records(const Subject& subject,
                                                  const SubjectRecords& records) {
  auto out = subject.identifiers();
  const auto add = [&](std::string_view kind, const std::optional<std::string>& value) {
    if (value) out.push_back(std::string(kind) + ":" + *value);
  };
  for (const auto& [row, c] : records.customers) {
    add("hetu", c.hetu);
    add("phone", c.phone);
    add("email", c.email_key);
    add("customer", c.source_id);
  }
  for (const auto& [row, chat] : records.chats) {
    add("phone", chat.phone);
    add("email", chat.email_key);
  }
  for (const auto& [row, call] : records.calls) add("phone", call.phone);
  for (const auto& [row, survey] : records.sms_surveys) add("phone", survey.phone);
  for (const auto& [row, consent] : records.consents) add("phone", consent.phone);
  sort_unique(out);
  return out;
}

bool names_one_person(std::string_view identifier) {
  return identifier.starts_with("hetu:") || identifier.starts_with("customer:");
}

}  // namespace oulu10

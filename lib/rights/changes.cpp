#include "rights/changes.hpp"

#include <algorithm>

namespace oulu10::rights {

nlohmann::json counts_json(const std::array<std::size_t, 6>& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto category : kCategories) {
    out[std::string(policy_category(category))] = counts[static_cast<std::size_t>(category)];
  }
  return out;
}

std::vector<std::string> recipients_to_inform(const policy::Policy& policy) {
  std::vector<std::string> names;
  for (const auto& recipient : policy.recipients) names.push_back(recipient.name);
  return names;
}

std::vector<std::string> identifiers_with_records(const Subject& subject,
                                                  const store::SubjectRecords& records) {
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
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace oulu10::rights

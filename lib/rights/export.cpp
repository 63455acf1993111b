#include "rights/export.hpp"

#include <chrono>

#include <fmt/format.h>

#include "core/error.hpp"
#include "rights/record_json.hpp"
#include "rights/subject_access.hpp"

namespace oulu10::rights {
namespace {

using nlohmann::json;

// A batch holds the write lock for at most this long before it commits and lets others in.
constexpr auto kBatchLockBudget = std::chrono::milliseconds{50};

// Chat messages are split by who wrote them, so the scope can keep the customer's own.
json export_view(const ChatRecord& chat) {
  auto item = rights::to_json(chat);
  json by_sender = {{"customer_messages", json::array()},
                    {"agent_messages", json::array()},
                    {"system_messages", json::array()}};
  for (auto& message : item["messages"]) {
    const auto from = message["from"].get<std::string>();
    message.erase("from");
    by_sender[from + "_messages"].push_back(std::move(message));
  }
  item.erase("messages");
  item.update(by_sender);
  return item;
}

template <typename Record>
json export_view(const Record& record) {
  return rights::to_json(record);
}

template <typename Record>
json scoped(const policy::Policy& policy, Category category,
            const std::vector<store::Stored<Record>>& records) {
  json out = json::array();
  for (const auto& stored : records) {
    const auto full = export_view(stored.record);
    json item = json::object();
    for (const auto& [key, value] : full.items()) {
      if (policy.portability.includes(policy_category(category), key)) item[key] = value;
    }
    out.push_back(std::move(item));
  }
  return out;
}

json left_out(const policy::Policy& policy) {
  json out = json::array();
  for (const auto& exclusion : policy.portability.excluded) {
    out.push_back({{"category", exclusion.category},
                   {"field", exclusion.field},
                   {"reason", {{"fi", exclusion.reason.fi}, {"en", exclusion.reason.en}}}});
  }
  return out;
}

std::optional<Subject> batch_subject(const std::string& line, std::string& problem) {
  const auto colon = line.find(':');
  SubjectInput input;
  const std::string kind = line.substr(0, colon);
  const std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
  if (kind == "hetu") input.hetu.push_back(value);
  else if (kind == "phone") input.phone.push_back(value);
  else if (kind == "email") input.email.push_back(value);
  else if (kind == "customer") input.customer.push_back(value);
  else {
    problem = "expected hetu:, phone:, email: or customer: and an identifier";
    return std::nullopt;
  }
  try {
    return resolve_subject(input);
  } catch (const InvalidInput& error) {
    problem = error.what();
    return std::nullopt;
  }
}

}  // namespace

json export_document(const policy::Policy& policy, Timestamp exported_at,
                     const store::SubjectKeys& subject, const store::SubjectRecords& records) {
  const auto policy_json = policy::to_json(policy);
  return {{"schema_version", 1},
          {"exported_at", format_timestamp(exported_at)},
          {"controller", policy_json["controller"]},
          {"register", {{"fi", policy.register_name.fi}, {"en", policy.register_name.en}}},
          {"policy_version", policy.version},
          {"notice_date", policy.notice_date},
          {"subject", {{"hetu", subject.hetus},
                       {"phone", subject.phones},
                       {"email", subject.email_keys},
                       {"customer", subject.customer_ids}}},
          {"data", {{"customers", scoped(policy, Category::customer, records.customers)},
                    {"cases", scoped(policy, Category::case_, records.cases)},
                    {"chats", scoped(policy, Category::chat, records.chats)},
                    {"calls", scoped(policy, Category::call, records.calls)},
                    {"sms_surveys", scoped(policy, Category::sms_survey, records.sms_surveys)},
                    {"consents", scoped(policy, Category::consent, records.consents)}}},
          {"left_out", left_out(policy)}};
}

json export_subject(store::Register& reg, const Session& session, const Subject& subject,
                    const std::optional<std::string>& request_id) {
  const auto records = read_subject(reg, session, subject, request_id, "export");
  return export_document(session.policy(), session.now(), subject.keys, records);
}

BatchReport export_batch(store::Register& reg, const Session& session, std::istream& in,
                         std::ostream& out, std::ostream& problems,
                         const std::optional<std::string>& request_id) {
  BatchReport report;
  SubjectAccess access(reg, session);
  std::optional<sqlite::Transaction> transaction;
  auto batch_started = std::chrono::steady_clock::now();
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    std::string problem;
    const auto subject = batch_subject(line, problem);
    if (!subject) {
      problems << fmt::format("line {}: {}\n", number, problem);
      ++report.invalid;
      continue;
    }
    if (!transaction) {
      transaction.emplace(reg.connection(), sqlite::Transaction::Kind::write);
      batch_started = std::chrono::steady_clock::now();
    }
    const auto records = access.read(*subject, request_id, "export");
    if (records.empty()) {
      problems << fmt::format("line {}: nothing in the register matches\n", number);
      ++report.unmatched;
    } else {
      out << export_document(session.policy(), session.now(), subject->keys, records).dump()
          << '\n';
      ++report.exported;
    }
    if (std::chrono::steady_clock::now() - batch_started > kBatchLockBudget) {
      transaction->commit();
      transaction.reset();
    }
  }
  if (transaction) transaction->commit();
  return report;
}

}  // namespace oulu10::rights

#include "rights/export.hpp"


#include <fmt/format.h>

#include "core/error.hpp"
#include "rights/record_json.hpp"
#include "rights/subject_access.hpp"

namespace oulu10::rights {
namespace {

using nlohmann::json;

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

json left_out(const policy::Policy& policy) {
  json out = json::array();
  for (const auto& exclusion : policy.portability.excluded) {
    out.push_back({{"category", exclusion.category},
                   {"field", exclusion.field},
                   {"reason", {{"fi", exclusion.reason.fi}, {"en", exclusion.reason.en}}}});
  }
  return out;
}

// Builds the export documents of one run. What every document shares is prepared once, and
// serialised once for bulk output: a batch writes it for each of 100,000 subjects.
class DocumentWriter {
 public:
  explicit DocumentWriter(const policy::Policy& policy) {
    for (const auto category : kCategories) {
      for (const auto& [id, fields] : policy.portability.included) {
        if (id == policy_category(category)) scope_[static_cast<std::size_t>(category)] = fields;
      }
    }
    common_ = {{"schema_version", 1},
               {"controller", policy::to_json(policy)["controller"]},
               {"register", {{"fi", policy.register_name.fi}, {"en", policy.register_name.en}}},
               {"policy_version", policy.version},
               {"notice_date", policy.notice_date},
               {"left_out", left_out(policy)}};
    // The members in the order json::dump writes them (keys sorted), split around the
    // per-subject members "data", "exported_at" and "subject".
    head_ = R"({"controller":)" + common_["controller"].dump() + R"(,"data":)";
    middle_ = R"(,"left_out":)" + common_["left_out"].dump() + R"(,"notice_date":)" +
              common_["notice_date"].dump() + R"(,"policy_version":)" +
              common_["policy_version"].dump() + R"(,"register":)" +
              common_["register"].dump() + R"(,"schema_version":1,"subject":)";
  }

  [[nodiscard]] json build(Timestamp exported_at, const store::SubjectKeys& subject,
                           const store::SubjectRecords& records) const {
    json document = common_;
    document["exported_at"] = format_timestamp(exported_at);
    document["subject"] = subject_json(subject);
    document["data"] = data_json(records);
    return document;
  }

  // Exactly build(...).dump() and a newline.
  void write_line(std::ostream& out, Timestamp exported_at, const store::SubjectKeys& subject,
                  const store::SubjectRecords& records) const {
    out << head_ << data_json(records).dump() << R"(,"exported_at":")"
        << format_timestamp(exported_at) << '"' << middle_ << subject_json(subject).dump()
        << "}\n";
  }

 private:
  static json subject_json(const store::SubjectKeys& subject) {
    return {{"hetu", subject.hetus},
            {"phone", subject.phones},
            {"email", subject.email_keys},
            {"customer", subject.customer_ids}};
  }

  json data_json(const store::SubjectRecords& r) const {
    return {{"customers", scoped(Category::customer, r.customers)},
            {"cases", scoped(Category::case_, r.cases)},
            {"chats", scoped(Category::chat, r.chats)},
            {"calls", scoped(Category::call, r.calls)},
            {"sms_surveys", scoped(Category::sms_survey, r.sms_surveys)},
            {"consents", scoped(Category::consent, r.consents)}};
  }

  template <typename Record>
  json scoped(Category category, const std::vector<store::Stored<Record>>& records) const {
    const auto& fields = scope_[static_cast<std::size_t>(category)];
    json out = json::array();
    for (const auto& stored : records) {
      auto full = export_view(stored.record);
      json item = json::object();
      for (const auto& field : fields) {
        if (auto value = full.find(field); value != full.end()) item[field] = std::move(*value);
      }
      out.push_back(std::move(item));
    }
    return out;
  }

  std::array<std::vector<std::string>, std::size(kCategories)> scope_;
  json common_;
  std::string head_;
  std::string middle_;
};

// One line of a batch: its subject, or why it has none.
struct BatchLine {
  std::size_t number;
  std::optional<Subject> subject;
  std::string problem;
};

// Subjects read per statement round: large enough that per-statement costs vanish, small
// enough that a chunk's write lock is short and its records fit in memory many times over.
constexpr std::size_t kChunkSize = 512;

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
  return DocumentWriter(policy).build(exported_at, subject, records);
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
  const DocumentWriter writer(session.policy());
  std::vector<BatchLine> chunk;

  // Reads a chunk's subjects in one transaction (the audit entries are written with the
  // read), then writes the documents and problems in line order.
  const auto flush = [&] {
    std::vector<Subject> subjects;
    for (const auto& line : chunk) {
      if (line.subject) subjects.push_back(*line.subject);
    }
    std::vector<store::SubjectRecords> found;
    if (!subjects.empty()) {
      sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
      found = access.read(subjects, request_id, "export");
      transaction.commit();
    }
    std::size_t next = 0;
    for (const auto& line : chunk) {
      if (!line.subject) {
        problems << fmt::format("line {}: {}\n", line.number, line.problem);
        ++report.invalid;
      } else if (const auto& records = found[next++]; records.empty()) {
        problems << fmt::format("line {}: nothing in the register matches\n", line.number);
        ++report.unmatched;
      } else {
        writer.write_line(out, session.now(), line.subject->keys, records);
        ++report.exported;
      }
    }
    chunk.clear();
  };

  std::string text;
  for (std::size_t number = 1; std::getline(in, text); ++number) {
    if (text.empty()) continue;
    BatchLine line{number, std::nullopt, {}};
    line.subject = batch_subject(text, line.problem);
    chunk.push_back(std::move(line));
    if (chunk.size() == kChunkSize) flush();
  }
  flush();
  return report;
}

}  // namespace oulu10::rights

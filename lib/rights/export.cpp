#include "rights/export.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "core/json_text.hpp"
#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"
#include "rights/audit_entry.hpp"
#include "rights/clerk_note.hpp"
#include "rights/export_fields.hpp"
#include "rights/person_command.hpp"
#include "store/subject_reader.hpp"

namespace oulu10::rights {
namespace {

using nlohmann::json;

json left_out(const policy::Policy& policy) {
  json out = json::array();
  for (const auto& exclusion : policy.portability.excluded) {
    out.push_back({{"category", exclusion.category},
                   {"field", exclusion.field},
                   {"reason", {{"fi", exclusion.reason.fi}, {"en", exclusion.reason.en}}}});
  }
  return out;
}

// The fields of one record type that the policy's portability scope names, in name order.
template <typename Record>
std::vector<const ExportField<Record>*> in_scope(const policy::Policy& policy, Category category) {
  std::vector<const ExportField<Record>*> out;
  const auto id = policy_category(category);
  for (const auto& [scoped_category, fields] : policy.portability.included) {
    if (scoped_category != id) continue;
    for (const auto& name : fields) {
      const auto known = export_fields(static_cast<const Record*>(nullptr));
      const auto field =
          std::find_if(known.begin(), known.end(), [&](const auto& f) { return f.name == name; });
      if (field == known.end()) {
        throw InvalidInput(
            fmt::format("the policy exports '{}' of {}, which records of that "
                        "kind do not have",
                        name, id));
      }
      out.push_back(&*field);
    }
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->name < b->name; });
  return out;
}

// Writes the export documents of one run as JSON text, byte for byte what json::dump would
// write for the same document, without building a json tree per record: a bulk export writes
// gigabytes. What every document shares is serialised once.
class DocumentWriter {
 public:
  explicit DocumentWriter(const policy::Policy& policy)
      : customers_(in_scope<CustomerRecord>(policy, Category::customer)),
        cases_(in_scope<CaseRecord>(policy, Category::case_)),
        chats_(in_scope<ChatRecord>(policy, Category::chat)),
        calls_(in_scope<CallRecord>(policy, Category::call)),
        surveys_(in_scope<SmsSurveyRecord>(policy, Category::sms_survey)),
        consents_(in_scope<ConsentRecord>(policy, Category::consent)) {
    const json register_name = {{"fi", policy.register_name.fi}, {"en", policy.register_name.en}};
    // Members in the order json::dump writes them (sorted), split around the per-subject
    // members "data", "exported_at" and "subject".
    head_ = R"({"controller":)" + policy::to_json(policy)["controller"].dump() + R"(,"data":)";
    middle_ = R"(,"left_out":)" + left_out(policy).dump() + R"(,"notice_date":)" +
              json(policy.notice_date).dump() + R"(,"policy_version":)" +
              json(policy.version).dump() + R"(,"register":)" + register_name.dump() +
              R"(,"schema_version":2,"subject":)";
  }

  // One document as a line of JSON text.
  [[nodiscard]] std::string line(Timestamp exported_at, const SubjectKeys& subject,
                                 const SubjectRecords& r, const OtherPeople& other_people) const {
    std::string text = head_;
    JsonText out(text);
    out.raw(R"({"calls":)");
    records(out, calls_, r.calls);
    out.raw(R"(,"cases":)");
    records(out, cases_, r.cases);
    out.raw(R"(,"chats":)");
    records(out, chats_, r.chats);
    out.raw(R"(,"consents":)");
    records(out, consents_, r.consents);
    out.raw(R"(,"customers":)");
    records(out, customers_, r.customers);
    out.raw(R"(,"sms_surveys":)");
    records(out, surveys_, r.sms_surveys);
    out.raw(R"(},"exported_at":)");
    out.string(format_timestamp(exported_at));
    out.raw(middle_);
    out.raw(R"({"customer":)");
    strings(out, subject.customer_ids);
    out.raw(R"(,"email":)");
    strings(out, subject.email_keys);
    out.raw(R"(,"hetu":)");
    strings(out, subject.hetus);
    out.raw(R"(,"phone":)");
    strings(out, subject.phones);
    out.raw(R"(},"third_party":{"mentions":)");
    out.raw(mentions_json(other_people.mentions).dump());
    out.raw(R"(,"redacted":)");
    out.raw(other_people.redaction == Redaction::redact ? "true" : "false");
    out.raw("}}");
    return text;
  }

 private:
  template <typename Record>
  static void records(JsonText& out, const std::vector<const ExportField<Record>*>& fields,
                      const std::vector<Stored<Record>>& stored) {
    out.array(stored, [&](const Stored<Record>& item) {
      out.punctuation('{');
      for (std::size_t f = 0; f < fields.size(); ++f) {
        if (f > 0) out.punctuation(',');
        out.key(fields[f]->name);
        fields[f]->write(out, item.record);
      }
      out.punctuation('}');
    });
  }

  static void strings(JsonText& out, const std::vector<std::string>& values) {
    out.array(values, [&](const std::string& value) { out.string(value); });
  }

  std::vector<const ExportField<CustomerRecord>*> customers_;
  std::vector<const ExportField<CaseRecord>*> cases_;
  std::vector<const ExportField<ChatRecord>*> chats_;
  std::vector<const ExportField<CallRecord>*> calls_;
  std::vector<const ExportField<SmsSurveyRecord>*> surveys_;
  std::vector<const ExportField<ConsentRecord>*> consents_;
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
constexpr std::size_t kChunkSize = 1024;

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

bool exported(const policy::Policy& policy, Category category, std::string_view field) {
  for (const auto& [scoped_category, fields] : policy.portability.included) {
    if (scoped_category == policy_category(category)) {
      return std::find(fields.begin(), fields.end(), field) != fields.end();
    }
  }
  return false;
}

// A chat message's place in the document, which lists the messages by sender:
// "messages/4/text" may be "customer_messages/2/text".
std::string by_sender(const ChatRecord& chat, std::size_t index) {
  const auto from = chat.messages.at(index).from;
  const auto before = std::count_if(chat.messages.begin(),
                                    chat.messages.begin() + static_cast<std::ptrdiff_t>(index),
                                    [&](const ChatMessage& m) { return m.from == from; });
  return fmt::format("{}_messages/{}/text", to_string(from), before);
}

// The mentions as the document has them: in its own fields, and only those it exports.
std::vector<TextMention> in_document(std::vector<TextMention> mentions,
                                     const SubjectRecords& records, const policy::Policy& policy) {
  std::vector<TextMention> out;
  for (auto& mention : mentions) {
    if (mention.category == Category::chat && mention.field.starts_with("messages/")) {
      const auto chat =
          std::find_if(records.chats.begin(), records.chats.end(),
                       [&](const auto& c) { return c.record.source_id == mention.record; });
      const auto index = std::stoul(mention.field.substr(std::string_view("messages/").size()));
      mention.field = by_sender(chat->record, index);
    }
    const auto top = std::string_view(mention.field).substr(0, mention.field.find('/'));
    if (exported(policy, mention.category, top)) out.push_back(std::move(mention));
  }
  return out;
}

void redact(const SubjectKeys& subject, SubjectRecords& records) {
  rewrite_third_party(subject, records, [](identity::MentionKind kind, std::string_view) {
    return removed_text(kind);
  });
}

constexpr std::string_view kKeepNeedsRequest =
    "--no-redact: other people's identifiers stay in an export only for the subject's own "
    "portability request; name it with --request";

// --no-redact is the clerk's decision on one person's request: the request must hold the
// subject's identifiers, not merely be a portability request.
void check_opened_for(store::Store& store, const Person& person) {
  const auto requests = requests::requests_about(store, person.subject, person.records);
  const bool theirs = std::any_of(requests.begin(), requests.end(),
                                  [&](const auto& r) { return r.id == *person.request_id; });
  if (!theirs) {
    throw InvalidInput(fmt::format(
        "--no-redact: request {} was not opened with the subject's identifiers; only the "
        "subject's own portability request allows it",
        *person.request_id));
  }
}

}  // namespace

std::optional<Subject> batch_subject(std::string_view line, std::string& problem) {
  const auto colon = line.find(':');
  identity::SubjectInput input;
  const auto kind = trimmed(line.substr(0, colon));
  const std::string value(colon == std::string_view::npos ? "" : trimmed(line.substr(colon + 1)));
  if (kind == "hetu")
    input.hetu.push_back(value);
  else if (kind == "phone")
    input.phone.push_back(value);
  else if (kind == "email")
    input.email.push_back(value);
  else if (kind == "customer")
    input.customer.push_back(value);
  else {
    problem = "expected hetu:, phone:, email: or customer: and an identifier";
    return std::nullopt;
  }
  try {
    return identity::resolve_subject(input);
  } catch (const InvalidInput& error) {
    problem = error.what();
    if (problem.starts_with("--")) problem.erase(0, 2);  // a batch line has no options
    return std::nullopt;
  }
}

json export_document(const policy::Policy& policy, Timestamp exported_at,
                     const SubjectKeys& subject, const SubjectRecords& records,
                     const OtherPeople& other_people) {
  return json::parse(DocumentWriter(policy).line(exported_at, subject, records, other_people));
}

json export_subject(store::Store& store, const Session& session, const Subject& subject,
                    const std::optional<std::string>& request_id, Redaction redaction,
                    std::string& note) {
  if (redaction == Redaction::keep && !request_id)
    throw InvalidInput(std::string(kKeepNeedsRequest));
  OtherPeople other_people{redaction, {}};
  auto records = run_for_person(
      store, session, subject, request_id,
      {.command = commands::export_,
       .mode = Mode::read,
       .reach = anyone,
       .step =
           [&](const Person& person) {
             if (redaction == Redaction::keep) check_opened_for(store, person);
             other_people.mentions = in_document(third_party_mentions(subject.keys, person.records),
                                                 person.records, session.policy());
             auto details = read_details(person.records);
             details[redaction == Redaction::keep ? "not_redacted" : "redacted"] =
                 counts_by_kind(other_people.mentions);
             return StepResult{.matched = !person.records.empty(),
                               .outcome = "read",
                               .details = std::move(details)};
           },
       .no_match = kNothingMatches});
  if (redaction == Redaction::redact && !other_people.mentions.empty()) {
    redact(subject.keys, records);
  }
  note = clerk_note(records, other_people.mentions, redaction);
  return export_document(session.policy(), session.now(), subject.keys, records, other_people);
}

BatchReport export_batch(store::Store& store, const Session& session, std::istream& in,
                         std::ostream& out, std::ostream& problems) {
  BatchReport report;
  const auto reader = store.subject_reader();
  audit::Trail trail(store, session);
  const DocumentWriter writer(session.policy());
  std::vector<BatchLine> chunk;

  // Reads a chunk's subjects in one transaction (the audit entries are written with the
  // read), then writes the documents and problems in line order.
  const auto flush = [&] {
    std::vector<const Subject*> subjects;
    std::vector<SubjectKeys> keys;
    for (const auto& line : chunk) {
      if (!line.subject) continue;
      subjects.push_back(&*line.subject);
      keys.push_back(line.subject->keys);
    }
    std::vector<SubjectRecords> found;
    std::vector<OtherPeople> other_people;
    if (!subjects.empty()) {
      const auto transaction = store.begin_write();
      found = reader->read(keys);
      for (std::size_t i = 0; i < subjects.size(); ++i) {
        other_people.push_back(
            {Redaction::redact, in_document(third_party_mentions(subjects[i]->keys, found[i]),
                                            found[i], session.policy())});
        auto details = read_details(found[i]);
        details["redacted"] = counts_by_kind(other_people.back().mentions);
        append_audit_entry(trail, session, commands::export_, std::nullopt, subjects[i],
                           std::move(details), found[i].empty() ? "no_match" : "read",
                           index_keys_of(store, *subjects[i], found[i]));
      }
      transaction->commit();
    }
    std::size_t next = 0;
    for (const auto& line : chunk) {
      if (!line.subject) {
        problems << fmt::format("line {}: {}\n", line.number, line.problem);
        ++report.invalid;
      } else if (auto& records = found[next]; records.empty()) {
        problems << fmt::format("line {}: nothing in the register matches\n", line.number);
        ++report.unmatched;
        ++next;
      } else {
        if (!other_people[next].mentions.empty()) redact(line.subject->keys, records);
        out << writer.line(session.now(), line.subject->keys, records, other_people[next]) << '\n';
        ++report.exported;
        ++next;
      }
    }
    chunk.clear();
  };

  std::string text;
  for (std::size_t number = 1; std::getline(in, text); ++number) {
    if (trimmed(text).empty()) continue;
    BatchLine line{number, std::nullopt, {}};
    line.subject = batch_subject(trimmed(text), line.problem);
    chunk.push_back(std::move(line));
    if (chunk.size() == kChunkSize) flush();
  }
  flush();
  // The run's entries go into the audit trail's index in one transaction, each index page
  // written once (store::AuditLog::index_pending), so that no access reply pays for them.
  const auto transaction = store.begin_write();
  store.audit_log()->index_pending();
  transaction->commit();
  return report;
}

BatchReport export_batch_file(store::Store& store, const Session& session, const std::string& file,
                              std::ostream& out, std::ostream& problems) {
  if (file == "-") return export_batch(store, session, std::cin, out, problems);
  std::ifstream in(file);
  if (!in) throw InvalidInput(fmt::format("cannot read {}: {}", file, std::strerror(errno)));
  return export_batch(store, session, in, out, problems);
}

void throw_if_incomplete(const BatchReport& report) {
  if (report.invalid > 0) {
    throw InvalidInput(fmt::format("{} line(s) of the batch were not valid", report.invalid));
  }
  if (report.unmatched > 0) {
    throw NoMatch(fmt::format("{} line(s) of the batch matched nothing", report.unmatched));
  }
}

}  // namespace oulu10::rights

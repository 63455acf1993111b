#include "register/subject_reader.hpp"

#include <map>

#include <nlohmann/json.hpp>

namespace oulu10::store {
namespace {

// Lists are bound as one JSON array and unpacked with json_each, so each statement is
// prepared once whatever the number of identifiers, and values are never spliced into SQL.
std::string json_list(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

std::string json_list(const std::vector<std::int64_t>& values) {
  return nlohmann::json(values).dump();
}

constexpr const char* kIn1 = " IN (SELECT value FROM json_each(?1))";

std::optional<Timestamp> time_or_null(const sqlite::Statement& row, int column) {
  const auto value = row.optional_int64(column);
  if (!value) return std::nullopt;
  return from_unix(*value);
}

CaseKind case_kind(const std::string& text) {
  for (const auto kind : {CaseKind::task, CaseKind::support_request, CaseKind::feedback,
                          CaseKind::complaint}) {
    if (to_string(kind) == text) return kind;
  }
  return CaseKind::task;  // unreachable: the column's CHECK constraint allows only these
}

Sender sender(const std::string& text) {
  return text == "agent" ? Sender::agent : text == "system" ? Sender::system : Sender::customer;
}

template <typename Record, typename Fill>
std::vector<Stored<Record>> fetch(sqlite::Statement& query, const std::vector<std::int64_t>& ids,
                                  Fill fill) {
  std::vector<Stored<Record>> out;
  if (ids.empty()) return out;
  query.bind(1, json_list(ids));
  while (query.step()) {
    Stored<Record> stored;
    stored.row = query.int64(0);
    fill(query, stored.record);
    out.push_back(std::move(stored));
  }
  query.reset();
  return out;
}

template <typename Record>
std::vector<std::int64_t> rows_of(const std::vector<Stored<Record>>& records) {
  std::vector<std::int64_t> rows;
  rows.reserve(records.size());
  for (const auto& stored : records) rows.push_back(stored.row);
  return rows;
}

}  // namespace

bool SubjectRecords::empty() const {
  return customers.empty() && cases.empty() && chats.empty() && calls.empty() &&
         sms_surveys.empty() && consents.empty();
}

std::size_t SubjectRecords::count(Category category) const {
  switch (category) {
    case Category::customer: return customers.size();
    case Category::case_: return cases.size();
    case Category::chat: return chats.size();
    case Category::call: return calls.size();
    case Category::sms_survey: return sms_surveys.size();
    case Category::consent: return consents.size();
  }
  return 0;
}

SubjectReader::SubjectReader(Register& reg)
    : db_(reg.connection()),
      customer_ids_(db_, R"sql(
        SELECT id FROM customer WHERE hetu IN (SELECT value FROM json_each(?1))
        UNION SELECT id FROM customer WHERE phone IN (SELECT value FROM json_each(?2))
        UNION SELECT id FROM customer WHERE email_key IN (SELECT value FROM json_each(?3))
        UNION SELECT id FROM customer WHERE source_id IN (SELECT value FROM json_each(?4)))sql"),
      case_ids_(db_, std::string("SELECT id FROM case_record WHERE customer_id") + kIn1),
      // "+customer_id" keeps the planner on the phone and e-mail indexes: without statistics
      // it would otherwise scan every unlinked record.
      chat_ids_(db_, R"sql(
        SELECT id FROM chat WHERE customer_id IN (SELECT value FROM json_each(?1))
        UNION SELECT id FROM chat
          WHERE +customer_id IS NULL AND phone IN (SELECT value FROM json_each(?2))
        UNION SELECT id FROM chat
          WHERE +customer_id IS NULL AND email_key IN (SELECT value FROM json_each(?3)))sql"),
      call_ids_(db_, R"sql(
        SELECT id FROM call WHERE customer_id IN (SELECT value FROM json_each(?1))
        UNION SELECT id FROM call
          WHERE +customer_id IS NULL AND phone IN (SELECT value FROM json_each(?2)))sql"),
      survey_ids_(db_, std::string("SELECT id FROM sms_survey WHERE call_id") + kIn1),
      consent_ids_(db_, R"sql(
        SELECT id FROM consent WHERE customer_id IN (SELECT value FROM json_each(?1))
        UNION SELECT id FROM consent
          WHERE +customer_id IS NULL AND phone IN (SELECT value FROM json_each(?2)))sql"),
      customers_(db_, std::string(R"sql(
        SELECT id, source_id, hetu, name, address, phone, email, email_key, service,
               relationship_started, relationship_ended
        FROM customer WHERE id)sql") + kIn1 + " ORDER BY relationship_started, source_id"),
      cases_(db_, std::string(R"sql(
        SELECT k.id, k.source_id, c.source_id, k.kind, k.service, k.opened_at, k.closed_at,
               k.text, k.statutory
        FROM case_record k LEFT JOIN customer c ON c.id = k.customer_id
        WHERE k.id)sql") + kIn1 + " ORDER BY k.opened_at, k.source_id"),
      case_links_(db_, std::string(R"sql(
        SELECT l.case_id, coalesce(k.source_id, h.source_id), l.call_id IS NOT NULL
        FROM case_link l LEFT JOIN call k ON k.id = l.call_id LEFT JOIN chat h ON h.id = l.chat_id
        WHERE l.case_id)sql") + kIn1 + " ORDER BY l.rowid"),
      chats_(db_, std::string(R"sql(
        SELECT h.id, h.source_id, c.source_id, h.phone, h.email, h.email_key, h.started_at,
               h.ended_at, h.metadata
        FROM chat h LEFT JOIN customer c ON c.id = h.customer_id
        WHERE h.id)sql") + kIn1 + " ORDER BY h.started_at, h.source_id"),
      messages_(db_, std::string("SELECT chat_id, sender, at, text FROM chat_message WHERE chat_id") +
                         kIn1 + " ORDER BY chat_id, seq"),
      calls_(db_, std::string(R"sql(
        SELECT k.id, k.source_id, c.source_id, k.phone, k.started_at, k.duration_s, k.notes,
               k.recording
        FROM call k LEFT JOIN customer c ON c.id = k.customer_id
        WHERE k.id)sql") + kIn1 + " ORDER BY k.started_at, k.source_id"),
      surveys_(db_, std::string(R"sql(
        SELECT s.id, s.source_id, k.source_id, s.phone, s.sent_at, s.answer
        FROM sms_survey s JOIN call k ON k.id = s.call_id
        WHERE s.id)sql") + kIn1 + " ORDER BY s.sent_at, s.source_id"),
      consents_(db_, std::string(R"sql(
        SELECT a.id, a.source_id, c.source_id, a.phone, a.method, a.purpose, a.given_at,
               a.withdrawn_at
        FROM consent a LEFT JOIN customer c ON c.id = a.customer_id
        WHERE a.id)sql") + kIn1 + " ORDER BY a.given_at, a.source_id"),
      open_complaint_links_(db_, R"sql(
        SELECT l.call_id, l.chat_id FROM case_link l JOIN case_record k ON k.id = l.case_id
        WHERE k.kind = 'complaint' AND k.closed_at IS NULL
          AND (l.call_id IN (SELECT value FROM json_each(?1))
               OR l.chat_id IN (SELECT value FROM json_each(?2))))sql") {}

std::vector<std::int64_t> SubjectReader::ids(sqlite::Statement& query,
                                             std::initializer_list<std::string> json_lists) {
  int index = 0;
  for (const auto& list : json_lists) query.bind(++index, list);
  std::vector<std::int64_t> out;
  while (query.step()) out.push_back(query.int64(0));
  query.reset();
  return out;
}

SubjectRecords SubjectReader::read(const SubjectKeys& keys) {
  SubjectRecords out;
  const auto customer_rows =
      ids(customer_ids_, {json_list(keys.hetus), json_list(keys.phones), json_list(keys.email_keys),
                          json_list(keys.customer_ids)});
  out.customers = fetch<CustomerRecord>(customers_, customer_rows, [](auto& q, auto& r) {
    r.source_id = q.text(1);
    r.hetu = q.optional_text(2);
    r.name = q.optional_text(3);
    r.address = q.optional_text(4);
    r.phone = q.optional_text(5);
    r.email = q.optional_text(6);
    r.email_key = q.optional_text(7);
    r.service = q.optional_text(8);
    r.relationship_started = time_or_null(q, 9);
    r.relationship_ended = time_or_null(q, 10);
  });

  const auto customers = json_list(customer_rows);

  const auto case_rows = ids(case_ids_, {customers});
  out.cases = fetch<CaseRecord>(cases_, case_rows, [](auto& q, auto& r) {
    r.source_id = q.text(1);
    r.customer = q.optional_text(2);
    r.kind = case_kind(q.text(3));
    r.service = q.optional_text(4);
    r.opened_at = from_unix(q.int64(5));
    r.closed_at = time_or_null(q, 6);
    r.text = q.optional_text(7);
    r.statutory = q.int64(8) != 0;
  });
  if (!case_rows.empty()) {
    std::map<std::int64_t, std::vector<RecordRef>> links;
    case_links_.bind(1, json_list(case_rows));
    while (case_links_.step()) {
      links[case_links_.int64(0)].push_back(
          {case_links_.int64(2) != 0 ? Category::call : Category::chat, case_links_.text(1)});
    }
    case_links_.reset();
    for (auto& stored : out.cases) stored.record.related = std::move(links[stored.row]);
  }

  out.chats = fetch<ChatRecord>(chats_, ids(chat_ids_, {customers, json_list(keys.phones), json_list(keys.email_keys)}),
                                [](auto& q, auto& r) {
                                  r.source_id = q.text(1);
                                  r.customer = q.optional_text(2);
                                  r.phone = q.optional_text(3);
                                  r.email = q.optional_text(4);
                                  r.email_key = q.optional_text(5);
                                  r.started_at = from_unix(q.int64(6));
                                  r.ended_at = time_or_null(q, 7);
                                  r.metadata_json = q.text(8);
                                });
  const auto chat_rows = rows_of(out.chats);
  if (!chat_rows.empty()) {
    std::map<std::int64_t, std::vector<ChatMessage>> messages;
    messages_.bind(1, json_list(chat_rows));
    while (messages_.step()) {
      messages[messages_.int64(0)].push_back(
          {sender(messages_.text(1)), time_or_null(messages_, 2), messages_.text(3)});
    }
    messages_.reset();
    for (auto& stored : out.chats) stored.record.messages = std::move(messages[stored.row]);
  }

  out.calls = fetch<CallRecord>(calls_, ids(call_ids_, {customers, json_list(keys.phones)}),
                                [](auto& q, auto& r) {
                                  r.source_id = q.text(1);
                                  r.customer = q.optional_text(2);
                                  r.phone = q.text(3);
                                  r.started_at = from_unix(q.int64(4));
                                  r.duration_s = q.optional_int64(5);
                                  r.notes = q.optional_text(6);
                                  r.recording = q.optional_text(7);
                                });
  const auto call_rows = rows_of(out.calls);
  out.sms_surveys = fetch<SmsSurveyRecord>(surveys_, ids(survey_ids_, {json_list(call_rows)}),
                                           [](auto& q, auto& r) {
                                             r.source_id = q.text(1);
                                             r.call = q.text(2);
                                             r.phone = q.optional_text(3);
                                             r.sent_at = from_unix(q.int64(4));
                                             r.answer = q.optional_text(5);
                                           });
  out.consents = fetch<ConsentRecord>(consents_, ids(consent_ids_, {customers, json_list(keys.phones)}),
                                      [](auto& q, auto& r) {
                                        r.source_id = q.text(1);
                                        r.customer = q.optional_text(2);
                                        r.phone = q.optional_text(3);
                                        r.method = q.text(4) == "written" ? ConsentMethod::written
                                                                          : ConsentMethod::oral;
                                        r.purpose = q.text(5);
                                        r.given_at = from_unix(q.int64(6));
                                        r.withdrawn_at = time_or_null(q, 7);
                                      });

  if (!call_rows.empty() || !chat_rows.empty()) {
    open_complaint_links_.bind_all(json_list(call_rows), json_list(chat_rows));
    while (open_complaint_links_.step()) {
      if (const auto call = open_complaint_links_.optional_int64(0)) {
        out.calls_in_open_complaints.insert(*call);
      }
      if (const auto chat = open_complaint_links_.optional_int64(1)) {
        out.chats_in_open_complaints.insert(*chat);
      }
    }
    open_complaint_links_.reset();
  }
  return out;
}

}  // namespace oulu10::store

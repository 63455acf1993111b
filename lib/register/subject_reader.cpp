#include "register/subject_reader.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

namespace oulu10::store {
namespace {

using Tags = std::vector<std::size_t>;  // the subjects a row belongs to
using TaggedRows = std::map<std::int64_t, Tags>;

// Identifiers are bound as one JSON array of [subject, value] pairs and unpacked with
// json_each, so each statement is prepared once whatever the number of identifiers, and values
// are never spliced into SQL.
template <typename Member>
std::string tagged(const std::vector<SubjectKeys>& subjects, Member member) {
  nlohmann::json pairs = nlohmann::json::array();
  for (std::size_t i = 0; i < subjects.size(); ++i) {
    for (const auto& value : subjects[i].*member) pairs.push_back({i, value});
  }
  return pairs.dump();
}

template <typename Map>
std::string keys_json(const Map& rows) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [row, ignored] : rows) list.push_back(row);
  return list.dump();
}

std::optional<Timestamp> time_or_null(const sqlite::Statement& row, int column) {
  const auto value = row.optional_int64(column);
  if (!value) return std::nullopt;
  return from_unix(*value);
}

CaseKind case_kind(const std::string& text) {
  for (const auto kind : {CaseKind::support_request, CaseKind::feedback, CaseKind::complaint}) {
    if (to_string(kind) == text) return kind;
  }
  return CaseKind::task;  // the column's CHECK constraint allows nothing else
}

Sender sender(const std::string& text) {
  return text == "agent" ? Sender::agent : text == "system" ? Sender::system : Sender::customer;
}

void add_tag(Tags& into, std::size_t subject) {
  if (std::find(into.begin(), into.end(), subject) == into.end()) into.push_back(subject);
}

void add_tags(Tags& into, const Tags& from) {
  for (const auto subject : from) add_tag(into, subject);
}

// Runs a query of (subject, row) pairs.
void collect_tagged(sqlite::Statement& query, TaggedRows& rows) {
  while (query.step()) add_tag(rows[query.int64(1)], static_cast<std::size_t>(query.int64(0)));
  query.reset();
}

// Runs a query of (row, owner row) pairs; a row belongs to the subjects of its owner.
void collect_owned(sqlite::Statement& query, const TaggedRows& owners, TaggedRows& rows) {
  while (query.step()) {
    const auto owner = owners.find(query.int64(1));
    if (owner != owners.end()) add_tags(rows[query.int64(0)], owner->second);
  }
  query.reset();
}

// Loads full records by row and hands each to the subjects it belongs to.
template <typename Record, typename Fill>
std::map<std::int64_t, Record> load(sqlite::Statement& query, const TaggedRows& rows, Fill fill) {
  std::map<std::int64_t, Record> out;
  if (rows.empty()) return out;
  query.bind(1, keys_json(rows));
  while (query.step()) fill(query, out[query.int64(0)]);
  query.reset();
  return out;
}

template <typename Record>
void share_out(const std::map<std::int64_t, Record>& records, const TaggedRows& rows,
               std::vector<SubjectRecords>& out,
               std::vector<Stored<Record>> SubjectRecords::*member) {
  for (const auto& [row, record] : records) {
    for (const auto subject : rows.at(row)) (out[subject].*member).push_back({row, record});
  }
}

template <typename Record, typename Time>
void sort_by_time(std::vector<Stored<Record>>& records, Time time) {
  std::sort(records.begin(), records.end(), [&](const auto& a, const auto& b) {
    return std::pair(time(a.record), a.record.source_id) < std::pair(time(b.record), b.record.source_id);
  });
}

}  // namespace

struct SubjectReader::Statements {
  explicit Statements(sqlite::Connection& db)
      : customer_matches(db, R"sql(
          SELECT j.value->>0, c.id FROM json_each(?1) j JOIN customer c ON c.hetu = j.value->>1
          UNION ALL
          SELECT j.value->>0, c.id FROM json_each(?2) j JOIN customer c ON c.phone = j.value->>1
          UNION ALL
          SELECT j.value->>0, c.id FROM json_each(?3) j
            JOIN customer c ON c.email_key = j.value->>1
          UNION ALL
          SELECT j.value->>0, c.id FROM json_each(?4) j
            JOIN customer c ON c.source_id = j.value->>1)sql"),
        // "+customer_id" keeps the planner on the phone and e-mail indexes: without
        // statistics it would otherwise walk every unlinked record.
        unlinked_chats(db, R"sql(
          SELECT j.value->>0, h.id FROM json_each(?1) j JOIN chat h ON h.phone = j.value->>1
          WHERE +h.customer_id IS NULL
          UNION ALL
          SELECT j.value->>0, h.id FROM json_each(?2) j JOIN chat h ON h.email_key = j.value->>1
          WHERE +h.customer_id IS NULL)sql"),
        unlinked_calls(db, R"sql(
          SELECT j.value->>0, k.id FROM json_each(?1) j JOIN call k ON k.phone = j.value->>1
          WHERE +k.customer_id IS NULL)sql"),
        unlinked_consents(db, R"sql(
          SELECT j.value->>0, a.id FROM json_each(?1) j JOIN consent a ON a.phone = j.value->>1
          WHERE +a.customer_id IS NULL)sql"),
        owned_cases(db, owned_by_customers("case_record")),
        owned_chats(db, owned_by_customers("chat")),
        owned_calls(db, owned_by_customers("call")),
        owned_consents(db, owned_by_customers("consent")),
        surveys_of_calls(db, R"sql(
          SELECT id, call_id FROM sms_survey
          WHERE call_id IN (SELECT value FROM json_each(?1)))sql"),
        customers(db, R"sql(
          SELECT id, source_id, hetu, name, address, phone, email, email_key, service,
                 relationship_started, relationship_ended
          FROM customer WHERE id IN (SELECT value FROM json_each(?1)))sql"),
        cases(db, R"sql(
          SELECT id, customer_id, source_id, kind, service, opened_at, closed_at, text, statutory
          FROM case_record WHERE id IN (SELECT value FROM json_each(?1)))sql"),
        case_links(db, R"sql(
          SELECT l.case_id, coalesce(k.source_id, h.source_id), l.call_id IS NOT NULL
          FROM case_link l LEFT JOIN call k ON k.id = l.call_id
                           LEFT JOIN chat h ON h.id = l.chat_id
          WHERE l.case_id IN (SELECT value FROM json_each(?1)) ORDER BY l.rowid)sql"),
        chats(db, R"sql(
          SELECT id, customer_id, source_id, phone, email, email_key, started_at, ended_at,
                 metadata
          FROM chat WHERE id IN (SELECT value FROM json_each(?1)))sql"),
        messages(db, R"sql(
          SELECT chat_id, sender, at, text FROM chat_message
          WHERE chat_id IN (SELECT value FROM json_each(?1)) ORDER BY chat_id, seq)sql"),
        calls(db, R"sql(
          SELECT id, customer_id, source_id, phone, started_at, duration_s, notes, recording
          FROM call WHERE id IN (SELECT value FROM json_each(?1)))sql"),
        surveys(db, R"sql(
          SELECT s.id, k.source_id, s.source_id, s.phone, s.sent_at, s.answer
          FROM sms_survey s JOIN call k ON k.id = s.call_id
          WHERE s.id IN (SELECT value FROM json_each(?1)))sql"),
        consents(db, R"sql(
          SELECT id, customer_id, source_id, phone, method, purpose, given_at, withdrawn_at
          FROM consent WHERE id IN (SELECT value FROM json_each(?1)))sql"),
        // Driven from the calls and chats ("+" keeps the planner off the case indexes, which
        // would visit every open case in the register).
        open_complaint_links(db, R"sql(
          SELECT l.call_id, NULL FROM case_link l JOIN case_record k ON k.id = l.case_id
          WHERE l.call_id IN (SELECT value FROM json_each(?1))
            AND +k.kind = 'complaint' AND +k.closed_at IS NULL
          UNION ALL
          SELECT NULL, l.chat_id FROM case_link l JOIN case_record k ON k.id = l.case_id
          WHERE l.chat_id IN (SELECT value FROM json_each(?2))
            AND +k.kind = 'complaint' AND +k.closed_at IS NULL)sql") {}

  static std::string owned_by_customers(std::string_view table) {
    return "SELECT id, customer_id FROM " + std::string(table) +
           " WHERE customer_id IN (SELECT value FROM json_each(?1))";
  }

  sqlite::Statement customer_matches, unlinked_chats, unlinked_calls, unlinked_consents;
  sqlite::Statement owned_cases, owned_chats, owned_calls, owned_consents, surveys_of_calls;
  sqlite::Statement customers, cases, case_links, chats, messages, calls, surveys, consents;
  sqlite::Statement open_complaint_links;
};

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
    : statements_(std::make_unique<Statements>(reg.connection())) {}

SubjectReader::~SubjectReader() = default;

SubjectRecords SubjectReader::read(const SubjectKeys& keys) {
  return std::move(read(std::vector<SubjectKeys>{keys}).front());
}

std::vector<SubjectRecords> SubjectReader::read(const std::vector<SubjectKeys>& subjects) {
  auto& q = *statements_;
  std::vector<SubjectRecords> out(subjects.size());
  const auto phones = tagged(subjects, &SubjectKeys::phones);
  const auto emails = tagged(subjects, &SubjectKeys::email_keys);

  // Which customers each subject names; everything linked to them follows.
  TaggedRows customer_rows;
  q.customer_matches.bind_all(tagged(subjects, &SubjectKeys::hetus), phones, emails,
                              tagged(subjects, &SubjectKeys::customer_ids));
  collect_tagged(q.customer_matches, customer_rows);
  const auto customers = load<CustomerRecord>(q.customers, customer_rows, [](auto& r, auto& c) {
    c.source_id = r.text(1);
    c.hetu = r.optional_text(2);
    c.name = r.optional_text(3);
    c.address = r.optional_text(4);
    c.phone = r.optional_text(5);
    c.email = r.optional_text(6);
    c.email_key = r.optional_text(7);
    c.service = r.optional_text(8);
    c.relationship_started = time_or_null(r, 9);
    c.relationship_ended = time_or_null(r, 10);
  });
  share_out(customers, customer_rows, out, &SubjectRecords::customers);
  const auto customer_json = keys_json(customer_rows);
  const auto owner_of = [&](const sqlite::Statement& r, int column) -> std::optional<std::string> {
    const auto owner = r.optional_int64(column);
    if (!owner) return std::nullopt;
    return customers.at(*owner).source_id;
  };

  // Records linked to the customers, and unlinked ones matching a given phone or e-mail.
  const auto owned = [&](sqlite::Statement& query, TaggedRows& rows) {
    query.bind(1, customer_json);
    collect_owned(query, customer_rows, rows);
  };
  TaggedRows case_rows, chat_rows, call_rows, consent_rows, survey_rows;
  owned(q.owned_cases, case_rows);
  owned(q.owned_chats, chat_rows);
  owned(q.owned_calls, call_rows);
  owned(q.owned_consents, consent_rows);
  q.unlinked_chats.bind_all(phones, emails);
  collect_tagged(q.unlinked_chats, chat_rows);
  q.unlinked_calls.bind(1, phones);
  collect_tagged(q.unlinked_calls, call_rows);
  q.unlinked_consents.bind(1, phones);
  collect_tagged(q.unlinked_consents, consent_rows);
  q.surveys_of_calls.bind(1, keys_json(call_rows));
  collect_owned(q.surveys_of_calls, call_rows, survey_rows);

  auto cases = load<CaseRecord>(q.cases, case_rows, [&](auto& r, auto& c) {
    c.customer = owner_of(r, 1);
    c.source_id = r.text(2);
    c.kind = case_kind(r.text(3));
    c.service = r.optional_text(4);
    c.opened_at = from_unix(r.int64(5));
    c.closed_at = time_or_null(r, 6);
    c.text = r.optional_text(7);
    c.statutory = r.int64(8) != 0;
  });
  if (!cases.empty()) {
    q.case_links.bind(1, keys_json(case_rows));
    while (q.case_links.step()) {
      cases.at(q.case_links.int64(0))
          .related.push_back({q.case_links.int64(2) != 0 ? Category::call : Category::chat,
                              q.case_links.text(1)});
    }
    q.case_links.reset();
  }
  share_out(cases, case_rows, out, &SubjectRecords::cases);

  auto chats = load<ChatRecord>(q.chats, chat_rows, [&](auto& r, auto& c) {
    c.customer = owner_of(r, 1);
    c.source_id = r.text(2);
    c.phone = r.optional_text(3);
    c.email = r.optional_text(4);
    c.email_key = r.optional_text(5);
    c.started_at = from_unix(r.int64(6));
    c.ended_at = time_or_null(r, 7);
    c.metadata_json = r.text(8);
  });
  if (!chats.empty()) {
    q.messages.bind(1, keys_json(chat_rows));
    while (q.messages.step()) {
      chats.at(q.messages.int64(0))
          .messages.push_back({sender(q.messages.text(1)), time_or_null(q.messages, 2),
                               q.messages.text(3)});
    }
    q.messages.reset();
  }
  share_out(chats, chat_rows, out, &SubjectRecords::chats);

  const auto calls = load<CallRecord>(q.calls, call_rows, [&](auto& r, auto& c) {
    c.customer = owner_of(r, 1);
    c.source_id = r.text(2);
    c.phone = r.text(3);
    c.started_at = from_unix(r.int64(4));
    c.duration_s = r.optional_int64(5);
    c.notes = r.optional_text(6);
    c.recording = r.optional_text(7);
  });
  share_out(calls, call_rows, out, &SubjectRecords::calls);

  share_out(load<SmsSurveyRecord>(q.surveys, survey_rows, [](auto& r, auto& s) {
              s.call = r.text(1);
              s.source_id = r.text(2);
              s.phone = r.optional_text(3);
              s.sent_at = from_unix(r.int64(4));
              s.answer = r.optional_text(5);
            }),
            survey_rows, out, &SubjectRecords::sms_surveys);

  share_out(load<ConsentRecord>(q.consents, consent_rows, [&](auto& r, auto& c) {
              c.customer = owner_of(r, 1);
              c.source_id = r.text(2);
              c.phone = r.optional_text(3);
              c.method = r.text(4) == "written" ? ConsentMethod::written : ConsentMethod::oral;
              c.purpose = r.text(5);
              c.given_at = from_unix(r.int64(6));
              c.withdrawn_at = time_or_null(r, 7);
            }),
            consent_rows, out, &SubjectRecords::consents);

  if (!call_rows.empty() || !chat_rows.empty()) {
    q.open_complaint_links.bind_all(keys_json(call_rows), keys_json(chat_rows));
    while (q.open_complaint_links.step()) {
      if (const auto call = q.open_complaint_links.optional_int64(0)) {
        for (const auto s : call_rows.at(*call)) out[s].calls_in_open_complaints.insert(*call);
      }
      if (const auto chat = q.open_complaint_links.optional_int64(1)) {
        for (const auto s : chat_rows.at(*chat)) out[s].chats_in_open_complaints.insert(*chat);
      }
    }
    q.open_complaint_links.reset();
  }

  for (auto& records : out) {
    sort_by_time(records.customers, [](const auto& r) { return r.relationship_started; });
    sort_by_time(records.cases, [](const auto& r) { return r.opened_at; });
    sort_by_time(records.chats, [](const auto& r) { return r.started_at; });
    sort_by_time(records.calls, [](const auto& r) { return r.started_at; });
    sort_by_time(records.sms_surveys, [](const auto& r) { return r.sent_at; });
    sort_by_time(records.consents, [](const auto& r) { return r.given_at; });
  }
  return out;
}

}  // namespace oulu10::store

#include "store/subject_reader.hpp"

#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

namespace oulu10::store {
namespace {

using Tags = std::vector<std::size_t>;  // the subjects a row belongs to

// Records found for a chunk of subjects, by row, with the subjects each belongs to.
template <typename Record>
struct Found {
  std::map<std::int64_t, Record> records;
  std::map<std::int64_t, Tags> tags;

  [[nodiscard]] std::string rows_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [row, ignored] : records) list.push_back(row);
    return list.dump();
  }
};

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

// Every query below returns (key, row id, record columns…). The key says whose the row is:
// a subject's index for rows matched by an identifier, or the row of the customer or call it
// belongs to, whose subjects it then shares.
enum class Key { subject, owner };

template <typename Record, typename OwnerRecord, typename Fill>
void read_rows(sqlite::Statement& query, Key key, const Found<OwnerRecord>* owners,
               Found<Record>& found, Fill fill) {
  while (query.step()) {
    const auto row = query.int64(1);
    const Tags* owner_tags = nullptr;
    if (key == Key::owner) {
      const auto owner = owners->tags.find(query.int64(0));
      if (owner == owners->tags.end()) continue;
      owner_tags = &owner->second;
    }
    if (auto [record, fresh] = found.records.try_emplace(row); fresh) fill(query, record->second);
    auto& tags = found.tags[row];
    if (owner_tags != nullptr) {
      for (const auto subject : *owner_tags) add_tag(tags, subject);
    } else {
      add_tag(tags, static_cast<std::size_t>(query.int64(0)));
    }
  }
  query.reset();
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// A customer record is another person's when the subject has a henkilötunnus and the record
// another one, unless the clerk named the record itself by its customer id.
void leave_out_other_people(Found<CustomerRecord>& customers,
                            const std::vector<SubjectKeys>& subjects,
                            std::vector<SubjectRecords>& out) {
  for (auto entry = customers.tags.begin(); entry != customers.tags.end();) {
    const auto& record = customers.records.at(entry->first);
    auto& tags = entry->second;
    std::erase_if(tags, [&](std::size_t s) {
      const auto& keys = subjects[s];
      const bool other = !keys.hetus.empty() && record.hetu &&
                         !contains(keys.hetus, *record.hetu) &&
                         !contains(keys.customer_ids, record.source_id);
      if (other) ++out[s].other_people_left_out;
      return other;
    });
    if (tags.empty()) {
      customers.records.erase(entry->first);
      entry = customers.tags.erase(entry);
    } else {
      ++entry;
    }
  }
}

template <typename Record>
void add_keys(const Found<Record>& found, Category category, nlohmann::json& keys) {
  for (const auto& [row, ignored] : found.records) keys.push_back({type_name(category), row});
}

template <typename Record>
void share_out(Found<Record>& found, std::vector<SubjectRecords>& out,
               std::vector<Stored<Record>> SubjectRecords::*member) {
  for (auto& [row, record] : found.records) {
    for (const auto subject : found.tags.at(row)) (out[subject].*member).push_back({row, record});
  }
}

// A restriction made on a customer covers the records linked to that customer later too: the
// person's data is restricted, not only the rows there were when it was made.
template <typename Record>
void restrict_with_customer(Category category, const std::vector<Stored<Record>>& records,
                            const std::set<std::string>& restricted_customers,
                            std::set<RowKey>& restricted) {
  for (const auto& [row, record] : records) {
    if (record.customer && restricted_customers.contains(*record.customer)) {
      restricted.emplace(category, row);
    }
  }
}

void extend_restrictions(SubjectRecords& records) {
  std::set<std::string> customers;
  for (const auto& [row, customer] : records.customers) {
    if (records.restricted.contains({Category::customer, row}))
      customers.insert(customer.source_id);
  }
  if (customers.empty()) return;
  restrict_with_customer(Category::case_, records.cases, customers, records.restricted);
  restrict_with_customer(Category::chat, records.chats, customers, records.restricted);
  restrict_with_customer(Category::call, records.calls, customers, records.restricted);
  restrict_with_customer(Category::consent, records.consents, customers, records.restricted);
  for (const auto& [row, survey] : records.sms_surveys) {
    const std::string& survey_call = survey.call;  // clang 14 cannot capture a binding
    const bool of_restricted_call =
        std::any_of(records.calls.begin(), records.calls.end(), [&](const auto& call) {
          return call.record.source_id == survey_call &&
                 records.restricted.contains({Category::call, call.row});
        });
    if (of_restricted_call) records.restricted.emplace(Category::sms_survey, row);
  }
}

template <typename Record, typename Time>
void sort_by_time(std::vector<Stored<Record>>& records, Time time) {
  std::sort(records.begin(), records.end(), [&](const auto& a, const auto& b) {
    return std::pair(time(a.record), a.record.source_id) <
           std::pair(time(b.record), b.record.source_id);
  });
}

// Columns from 2 on, in the order of the *_COLUMNS lists below.
void fill_customer(const sqlite::Statement& r, CustomerRecord& c) {
  c.source_id = r.text(2);
  c.hetu = r.optional_text(3);
  c.name = r.optional_text(4);
  c.address = r.optional_text(5);
  c.phone = r.optional_text(6);
  c.email = r.optional_text(7);
  c.email_key = r.optional_text(8);
  c.service = r.optional_text(9);
  c.relationship_started = time_or_null(r, 10);
  c.relationship_ended = time_or_null(r, 11);
}
#define CUSTOMER_COLUMNS                                                               \
  "c.source_id, c.hetu, c.name, c.address, c.phone, c.email, c.email_key, c.service, " \
  "c.relationship_started, c.relationship_ended"

#define CASE_COLUMNS \
  "k.customer_id, k.source_id, k.kind, k.service, k.opened_at, k.closed_at, k.text, k.statutory"
#define CHAT_COLUMNS                                                                      \
  "h.customer_id, h.source_id, h.phone, h.email, h.email_key, h.started_at, h.ended_at, " \
  "h.metadata"
#define CALL_COLUMNS \
  "k.customer_id, k.source_id, k.phone, k.started_at, k.duration_s, k.notes, k.recording"
#define CONSENT_COLUMNS \
  "a.customer_id, a.source_id, a.phone, a.method, a.purpose, a.given_at, a.withdrawn_at"

struct SubjectStatements {
  explicit SubjectStatements(sqlite::Connection& db)
      : customers(db, R"sql(
          SELECT j.value->>0, c.id, )sql" CUSTOMER_COLUMNS R"sql(
          FROM json_each(?1) j JOIN customer c ON c.hetu = j.value->>1
          UNION ALL
          SELECT j.value->>0, c.id, )sql" CUSTOMER_COLUMNS R"sql(
          FROM json_each(?2) j JOIN customer c ON c.phone = j.value->>1
          UNION ALL
          SELECT j.value->>0, c.id, )sql" CUSTOMER_COLUMNS R"sql(
          FROM json_each(?3) j JOIN customer c ON c.email_key = j.value->>1
          UNION ALL
          SELECT j.value->>0, c.id, )sql" CUSTOMER_COLUMNS R"sql(
          FROM json_each(?4) j JOIN customer c ON c.source_id = j.value->>1)sql"),
        cases(db, "SELECT k.customer_id, k.id, " CASE_COLUMNS
                  " FROM case_record k WHERE k.customer_id IN (SELECT value FROM json_each(?1))"),
        // Cases with no customer that concern the subject's calls or chats.
        cases_of_calls(db, "SELECT l.call_id, k.id, " CASE_COLUMNS
                           " FROM case_link l JOIN case_record k ON k.id = l.case_id"
                           " WHERE l.call_id IN (SELECT value FROM json_each(?1))"
                           " AND +k.customer_id IS NULL"),
        cases_of_chats(db, "SELECT l.chat_id, k.id, " CASE_COLUMNS
                           " FROM case_link l JOIN case_record k ON k.id = l.case_id"
                           " WHERE l.chat_id IN (SELECT value FROM json_each(?1))"
                           " AND +k.customer_id IS NULL"),
        case_links(db, R"sql(
          SELECT l.case_id, coalesce(k.source_id, h.source_id), l.call_id IS NOT NULL
          FROM case_link l LEFT JOIN call k ON k.id = l.call_id
                           LEFT JOIN chat h ON h.id = l.chat_id
          WHERE l.case_id IN (SELECT value FROM json_each(?1)) ORDER BY l.rowid)sql"),
        // "+customer_id" keeps the planner on the phone and e-mail indexes: without
        // statistics it would otherwise walk every unlinked record.
        chats(db, "SELECT h.customer_id, h.id, " CHAT_COLUMNS
                  " FROM chat h WHERE h.customer_id IN (SELECT value FROM json_each(?1))"),
        unlinked_chats(db, R"sql(
          SELECT j.value->>0, h.id, )sql" CHAT_COLUMNS R"sql(
          FROM json_each(?1) j JOIN chat h ON h.phone = j.value->>1 WHERE +h.customer_id IS NULL
          UNION ALL
          SELECT j.value->>0, h.id, )sql" CHAT_COLUMNS R"sql(
          FROM json_each(?2) j JOIN chat h ON h.email_key = j.value->>1
          WHERE +h.customer_id IS NULL)sql"),
        messages(db, R"sql(
          SELECT chat_id, sender, at, text FROM chat_message
          WHERE chat_id IN (SELECT value FROM json_each(?1)) ORDER BY chat_id, seq)sql"),
        calls(db, "SELECT k.customer_id, k.id, " CALL_COLUMNS
                  " FROM call k WHERE k.customer_id IN (SELECT value FROM json_each(?1))"),
        unlinked_calls(db, "SELECT j.value->>0, k.id, " CALL_COLUMNS
                           " FROM json_each(?1) j JOIN call k ON k.phone = j.value->>1"
                           " WHERE +k.customer_id IS NULL"),
        surveys(db, R"sql(
          SELECT s.call_id, s.id, k.source_id, s.source_id, s.phone, s.sent_at, s.answer
          FROM sms_survey s JOIN call k ON k.id = s.call_id
          WHERE s.call_id IN (SELECT value FROM json_each(?1)))sql"),
        consents(db, "SELECT a.customer_id, a.id, " CONSENT_COLUMNS
                     " FROM consent a WHERE a.customer_id IN (SELECT value FROM json_each(?1))"),
        unlinked_consents(db, "SELECT j.value->>0, a.id, " CONSENT_COLUMNS
                              " FROM json_each(?1) j JOIN consent a ON a.phone = j.value->>1"
                              " WHERE +a.customer_id IS NULL"),
        // Driven from the calls and chats ("+" keeps the planner off the case indexes, which
        // would visit every open case in the register).
        any_restriction(db, "SELECT EXISTS (SELECT 1 FROM restriction)"),
        restrictions(db, R"sql(
          SELECT x.category, x.record_id, r.id, r.ground, r.started_at, r.request_id
          FROM json_each(?1) j
          JOIN restricted_record x ON x.category = j.value->>0 AND x.record_id = j.value->>1
          JOIN restriction r ON r.id = x.restriction_id
          ORDER BY r.started_at, r.id)sql"),
        open_complaint_links(db, R"sql(
          SELECT l.call_id, NULL FROM case_link l JOIN case_record k ON k.id = l.case_id
          WHERE l.call_id IN (SELECT value FROM json_each(?1))
            AND +k.kind = 'complaint' AND +k.closed_at IS NULL
          UNION ALL
          SELECT NULL, l.chat_id FROM case_link l JOIN case_record k ON k.id = l.case_id
          WHERE l.chat_id IN (SELECT value FROM json_each(?2))
            AND +k.kind = 'complaint' AND +k.closed_at IS NULL)sql") {}

  sqlite::Statement customers, cases, cases_of_calls, cases_of_chats, case_links, chats,
      unlinked_chats, messages;
  sqlite::Statement calls, unlinked_calls, surveys, consents, unlinked_consents;
  sqlite::Statement any_restriction, restrictions;
  sqlite::Statement open_complaint_links;
};

#undef CUSTOMER_COLUMNS
#undef CASE_COLUMNS
#undef CHAT_COLUMNS
#undef CALL_COLUMNS
#undef CONSENT_COLUMNS

class SqliteSubjectReader final : public SubjectReader {
 public:
  explicit SqliteSubjectReader(SqliteStore& store);
  std::vector<SubjectRecords> read(const std::vector<SubjectKeys>& subjects) override;
  SubjectRecords read(const SubjectKeys& keys) override;

 private:
  SubjectStatements statements_;
};

}  // namespace

SqliteSubjectReader::SqliteSubjectReader(SqliteStore& store) : statements_(store.connection()) {}

SubjectRecords SqliteSubjectReader::read(const SubjectKeys& keys) {
  return std::move(read(std::vector<SubjectKeys>{keys}).front());
}

std::vector<SubjectRecords> SqliteSubjectReader::read(const std::vector<SubjectKeys>& subjects) {
  auto& q = statements_;
  const auto phones = tagged(subjects, &SubjectKeys::phones);
  const auto emails = tagged(subjects, &SubjectKeys::email_keys);
  const Found<CustomerRecord>* no_owner = nullptr;
  std::vector<SubjectRecords> out(subjects.size());

  // The customers each subject names; everything linked to them follows.
  Found<CustomerRecord> customers;
  q.customers.bind_all(tagged(subjects, &SubjectKeys::hetus), phones, emails,
                       tagged(subjects, &SubjectKeys::customer_ids));
  read_rows(q.customers, Key::subject, no_owner, customers, fill_customer);
  leave_out_other_people(customers, subjects, out);
  const auto customer_rows = customers.rows_json();
  const auto owner_of = [&](const sqlite::Statement& r) -> std::optional<std::string> {
    const auto owner = r.optional_int64(2);
    if (!owner) return std::nullopt;
    return customers.records.at(*owner).source_id;
  };

  Found<ChatRecord> chats;
  const auto fill_chat = [&](auto& r, ChatRecord& c) {
    c.customer = owner_of(r);
    c.source_id = r.text(3);
    c.phone = r.optional_text(4);
    c.email = r.optional_text(5);
    c.email_key = r.optional_text(6);
    c.started_at = from_unix(r.int64(7));
    c.ended_at = time_or_null(r, 8);
    c.metadata_json = r.text(9);
  };
  q.chats.bind(1, customer_rows);
  read_rows(q.chats, Key::owner, &customers, chats, fill_chat);
  q.unlinked_chats.bind_all(phones, emails);
  read_rows(q.unlinked_chats, Key::subject, no_owner, chats, fill_chat);
  if (!chats.records.empty()) {
    q.messages.bind(1, chats.rows_json());
    while (q.messages.step()) {
      chats.records.at(q.messages.int64(0))
          .messages.push_back(
              {sender(q.messages.text(1)), time_or_null(q.messages, 2), q.messages.text(3)});
    }
    q.messages.reset();
  }

  Found<CallRecord> calls;
  const auto fill_call = [&](auto& r, CallRecord& c) {
    c.customer = owner_of(r);
    c.source_id = r.text(3);
    c.phone = r.text(4);
    c.started_at = from_unix(r.int64(5));
    c.duration_s = r.optional_int64(6);
    c.notes = r.optional_text(7);
    c.recording = r.optional_text(8);
  };
  q.calls.bind(1, customer_rows);
  read_rows(q.calls, Key::owner, &customers, calls, fill_call);
  q.unlinked_calls.bind(1, phones);
  read_rows(q.unlinked_calls, Key::subject, no_owner, calls, fill_call);
  const auto call_rows = calls.rows_json();

  Found<CaseRecord> cases;
  const auto fill_case = [&](auto& r, CaseRecord& c) {
    c.customer = owner_of(r);
    c.source_id = r.text(3);
    c.kind = case_kind(r.text(4));
    c.service = r.optional_text(5);
    c.opened_at = from_unix(r.int64(6));
    c.closed_at = time_or_null(r, 7);
    c.text = r.optional_text(8);
    c.statutory = r.int64(9) != 0;
  };
  q.cases.bind(1, customer_rows);
  read_rows(q.cases, Key::owner, &customers, cases, fill_case);
  q.cases_of_calls.bind(1, call_rows);
  read_rows(q.cases_of_calls, Key::owner, &calls, cases, fill_case);
  q.cases_of_chats.bind(1, chats.rows_json());
  read_rows(q.cases_of_chats, Key::owner, &chats, cases, fill_case);
  if (!cases.records.empty()) {
    q.case_links.bind(1, cases.rows_json());
    while (q.case_links.step()) {
      cases.records.at(q.case_links.int64(0))
          .related.push_back(
              {q.case_links.int64(2) != 0 ? Category::call : Category::chat, q.case_links.text(1)});
    }
    q.case_links.reset();
  }

  Found<SmsSurveyRecord> surveys;
  q.surveys.bind(1, call_rows);
  read_rows(q.surveys, Key::owner, &calls, surveys, [](auto& r, SmsSurveyRecord& s) {
    s.call = r.text(2);
    s.source_id = r.text(3);
    s.phone = r.optional_text(4);
    s.sent_at = from_unix(r.int64(5));
    s.answer = r.optional_text(6);
  });

  Found<ConsentRecord> consents;
  const auto fill_consent = [&](auto& r, ConsentRecord& c) {
    c.customer = owner_of(r);
    c.source_id = r.text(3);
    c.phone = r.optional_text(4);
    c.method = r.text(5) == "written" ? ConsentMethod::written : ConsentMethod::oral;
    c.purpose = r.text(6);
    c.given_at = from_unix(r.int64(7));
    c.withdrawn_at = time_or_null(r, 8);
  };
  q.consents.bind(1, customer_rows);
  read_rows(q.consents, Key::owner, &customers, consents, fill_consent);
  q.unlinked_consents.bind(1, phones);
  read_rows(q.unlinked_consents, Key::subject, no_owner, consents, fill_consent);

  if (!calls.records.empty() || !chats.records.empty()) {
    q.open_complaint_links.bind_all(call_rows, chats.rows_json());
    while (q.open_complaint_links.step()) {
      if (const auto call = q.open_complaint_links.optional_int64(0)) {
        for (const auto s : calls.tags.at(*call)) out[s].calls_in_open_complaints.insert(*call);
      }
      if (const auto chat = q.open_complaint_links.optional_int64(1)) {
        for (const auto s : chats.tags.at(*chat)) out[s].chats_in_open_complaints.insert(*chat);
      }
    }
    q.open_complaint_links.reset();
  }

  q.any_restriction.step();
  const bool any_restriction = q.any_restriction.int64(0) != 0;
  q.any_restriction.reset();
  if (any_restriction) {
    nlohmann::json keys = nlohmann::json::array();
    add_keys(customers, Category::customer, keys);
    add_keys(cases, Category::case_, keys);
    add_keys(chats, Category::chat, keys);
    add_keys(calls, Category::call, keys);
    add_keys(surveys, Category::sms_survey, keys);
    add_keys(consents, Category::consent, keys);
    const auto tags_of = [&](Category category, std::int64_t row) -> const Tags& {
      switch (category) {
        case Category::customer: return customers.tags.at(row);
        case Category::case_: return cases.tags.at(row);
        case Category::chat: return chats.tags.at(row);
        case Category::call: return calls.tags.at(row);
        case Category::sms_survey: return surveys.tags.at(row);
        case Category::consent: break;
      }
      return consents.tags.at(row);
    };
    auto& r = q.restrictions;
    r.bind(1, keys.dump());
    while (r.step()) {
      const RowKey record{*category_named(r.text(0)), r.int64(1)};
      const ActiveRestriction restriction{r.int64(2), r.text(3), from_unix(r.int64(4)),
                                          r.optional_text(5)};
      for (const auto subject : tags_of(record.first, record.second)) {
        out[subject].restricted.insert(record);
        auto& listed = out[subject].restrictions;
        if (std::none_of(listed.begin(), listed.end(),
                         [&](const auto& known) { return known.id == restriction.id; })) {
          listed.push_back(restriction);
        }
      }
    }
    r.reset();
  }

  share_out(customers, out, &SubjectRecords::customers);
  share_out(cases, out, &SubjectRecords::cases);
  share_out(chats, out, &SubjectRecords::chats);
  share_out(calls, out, &SubjectRecords::calls);
  share_out(surveys, out, &SubjectRecords::sms_surveys);
  share_out(consents, out, &SubjectRecords::consents);
  for (auto& records : out) {
    extend_restrictions(records);
    sort_by_time(records.customers, [](const auto& r) { return r.relationship_started; });
    sort_by_time(records.cases, [](const auto& r) { return r.opened_at; });
    sort_by_time(records.chats, [](const auto& r) { return r.started_at; });
    sort_by_time(records.calls, [](const auto& r) { return r.started_at; });
    sort_by_time(records.sms_surveys, [](const auto& r) { return r.sent_at; });
    sort_by_time(records.consents, [](const auto& r) { return r.given_at; });
  }
  return out;
}

std::unique_ptr<SubjectReader> SqliteStore::subject_reader() {
  return std::make_unique<SqliteSubjectReader>(*this);
}

}  // namespace oulu10::store

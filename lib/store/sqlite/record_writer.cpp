#include "store/record_writer.hpp"

#include <fmt/format.h>

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {
namespace {

std::optional<std::int64_t> unix_or_null(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_unix(*t);
}

const WriteResult kErased{WriteResult::Kind::erased, {}};

class SqliteRecordWriter final : public RecordWriter {
 public:
  explicit SqliteRecordWriter(SqliteStore& store);
  WriteResult write(const CustomerRecord& record) override;
  WriteResult write(const CaseRecord& record) override;
  WriteResult write(const ChatRecord& record) override;
  WriteResult write(const CallRecord& record) override;
  WriteResult write(const SmsSurveyRecord& record) override;
  WriteResult write(const ConsentRecord& record) override;

 private:
  std::optional<std::int64_t> find(Category category, const std::string& source_id);
  // An absent link resolves to NULL; otherwise to the customer's row, or to why it cannot.
  std::optional<WriteResult> resolve_customer(const std::optional<std::string>& source_id,
                                              std::optional<std::int64_t>& id);
  // Why a link to a record the register lacks cannot be written.
  WriteResult missing(Category category, const std::string& source_id);
  WriteResult::Kind upsert(Category category, const std::string& source_id,
                           sqlite::Statement& statement, std::int64_t& id);

  sqlite::Connection& db_;
  ErasedSources erased_;
  std::vector<sqlite::Statement> find_;  // by Category
  sqlite::Statement upsert_customer_;
  sqlite::Statement upsert_case_;
  sqlite::Statement upsert_chat_;
  sqlite::Statement upsert_call_;
  sqlite::Statement upsert_survey_;
  sqlite::Statement upsert_consent_;
  sqlite::Statement clear_messages_;
  sqlite::Statement insert_message_;
  sqlite::Statement clear_links_;
  sqlite::Statement insert_call_link_;
  sqlite::Statement insert_chat_link_;
};

}  // namespace

SqliteRecordWriter::SqliteRecordWriter(SqliteStore& store)
    : db_(store.connection()),
      erased_(store),
      upsert_customer_(db_, R"sql(
        INSERT INTO customer (source_id, hetu, name, address, phone, email, email_key, service,
                              relationship_started, relationship_ended)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        ON CONFLICT (source_id) DO UPDATE SET
          hetu = excluded.hetu, name = excluded.name, address = excluded.address,
          phone = excluded.phone, email = excluded.email, email_key = excluded.email_key,
          service = excluded.service, relationship_started = excluded.relationship_started,
          relationship_ended = excluded.relationship_ended
        RETURNING id)sql"),
      upsert_case_(db_, R"sql(
        INSERT INTO case_record (source_id, customer_id, kind, service, opened_at, closed_at,
                                 text, statutory)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        ON CONFLICT (source_id) DO UPDATE SET
          customer_id = excluded.customer_id, kind = excluded.kind, service = excluded.service,
          opened_at = excluded.opened_at, closed_at = excluded.closed_at, text = excluded.text,
          statutory = excluded.statutory
        RETURNING id)sql"),
      upsert_chat_(db_, R"sql(
        INSERT INTO chat (source_id, customer_id, phone, email, email_key, started_at, ended_at,
                          metadata)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        ON CONFLICT (source_id) DO UPDATE SET
          customer_id = excluded.customer_id, phone = excluded.phone, email = excluded.email,
          email_key = excluded.email_key, started_at = excluded.started_at,
          ended_at = excluded.ended_at, metadata = excluded.metadata
        RETURNING id)sql"),
      upsert_call_(db_, R"sql(
        INSERT INTO call (source_id, customer_id, phone, started_at, duration_s, notes, recording)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (source_id) DO UPDATE SET
          customer_id = excluded.customer_id, phone = excluded.phone,
          started_at = excluded.started_at, duration_s = excluded.duration_s,
          notes = excluded.notes, recording = excluded.recording
        RETURNING id)sql"),
      upsert_survey_(db_, R"sql(
        INSERT INTO sms_survey (source_id, call_id, phone, sent_at, answer)
        VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (source_id) DO UPDATE SET
          call_id = excluded.call_id, phone = excluded.phone, sent_at = excluded.sent_at,
          answer = excluded.answer
        RETURNING id)sql"),
      upsert_consent_(db_, R"sql(
        INSERT INTO consent (source_id, customer_id, phone, method, purpose, given_at,
                             withdrawn_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (source_id) DO UPDATE SET
          customer_id = excluded.customer_id, phone = excluded.phone, method = excluded.method,
          purpose = excluded.purpose, given_at = excluded.given_at,
          -- A withdrawal is for good (a consent given again is a new record): an import
          -- never clears one, and the earlier of two withdrawal times stands.
          withdrawn_at = CASE WHEN consent.withdrawn_at IS NULL THEN excluded.withdrawn_at
                              WHEN excluded.withdrawn_at IS NULL THEN consent.withdrawn_at
                              ELSE min(consent.withdrawn_at, excluded.withdrawn_at) END
        RETURNING id)sql"),
      clear_messages_(db_, "DELETE FROM chat_message WHERE chat_id = ?1"),
      insert_message_(db_,
                      "INSERT INTO chat_message (chat_id, seq, sender, at, text) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)"),
      clear_links_(db_, "DELETE FROM case_link WHERE case_id = ?1"),
      insert_call_link_(db_, "INSERT INTO case_link (case_id, call_id) VALUES (?1, ?2)"),
      insert_chat_link_(db_, "INSERT INTO case_link (case_id, chat_id) VALUES (?1, ?2)") {
  for (const auto category : kCategories) {
    find_.emplace_back(db_,
                       fmt::format("SELECT id FROM {} WHERE source_id = ?1", table_name(category)));
  }
}

std::optional<std::int64_t> SqliteRecordWriter::find(Category category,
                                                     const std::string& source_id) {
  auto& query = find_[index_of(category)];
  query.bind(1, source_id);
  std::optional<std::int64_t> id;
  if (query.step()) id = query.int64(0);
  query.reset();
  return id;
}

WriteResult SqliteRecordWriter::missing(Category category, const std::string& source_id) {
  if (erased_.contains(category, source_id)) return kErased;
  return {WriteResult::Kind::unresolved, fmt::format("{} \"{}\"", type_name(category), source_id)};
}

std::optional<WriteResult> SqliteRecordWriter::resolve_customer(
    const std::optional<std::string>& source_id, std::optional<std::int64_t>& id) {
  if (!source_id) return std::nullopt;
  id = find(Category::customer, *source_id);
  if (id) return std::nullopt;
  return missing(Category::customer, *source_id);
}

// Runs a bound upsert statement; `id` receives the record's row id.
WriteResult::Kind SqliteRecordWriter::upsert(Category category, const std::string& source_id,
                                             sqlite::Statement& statement, std::int64_t& id) {
  const bool known = find(category, source_id).has_value();
  statement.step();
  id = statement.int64(0);
  statement.reset();
  return known ? WriteResult::Kind::updated : WriteResult::Kind::inserted;
}

WriteResult SqliteRecordWriter::write(const CustomerRecord& r) {
  if (erased_.contains(Category::customer, r.source_id)) return kErased;
  upsert_customer_.bind_all(r.source_id, r.hetu, r.name, r.address, r.phone, r.email, r.email_key,
                            r.service, unix_or_null(r.relationship_started),
                            unix_or_null(r.relationship_ended));
  std::int64_t id = 0;
  return {upsert(Category::customer, r.source_id, upsert_customer_, id), {}};
}

WriteResult SqliteRecordWriter::write(const CaseRecord& r) {
  if (erased_.contains(Category::case_, r.source_id)) return kErased;
  std::optional<std::int64_t> customer;
  if (auto refused = resolve_customer(r.customer, customer)) return *refused;
  std::vector<std::pair<Category, std::int64_t>> related;
  for (const auto& ref : r.related) {
    const auto target = find(ref.category, ref.source_id);
    if (target) {
      related.emplace_back(ref.category, *target);
    } else if (auto refused = missing(ref.category, ref.source_id);
               refused.kind == WriteResult::Kind::unresolved) {
      return refused;
    }
  }
  upsert_case_.bind_all(r.source_id, customer, to_string(r.kind), r.service, to_unix(r.opened_at),
                        unix_or_null(r.closed_at), r.text, r.statutory);
  std::int64_t id = 0;
  const auto kind = upsert(Category::case_, r.source_id, upsert_case_, id);
  clear_links_.bind(1, id).run();
  for (const auto& [category, target] : related) {
    auto& insert = category == Category::call ? insert_call_link_ : insert_chat_link_;
    insert.bind_all(id, target).run();
  }
  return {kind, {}};
}

WriteResult SqliteRecordWriter::write(const ChatRecord& r) {
  if (erased_.contains(Category::chat, r.source_id)) return kErased;
  std::optional<std::int64_t> customer;
  if (auto refused = resolve_customer(r.customer, customer)) return *refused;
  upsert_chat_.bind_all(r.source_id, customer, r.phone, r.email, r.email_key, to_unix(r.started_at),
                        unix_or_null(r.ended_at), r.metadata_json);
  std::int64_t id = 0;
  const auto kind = upsert(Category::chat, r.source_id, upsert_chat_, id);
  clear_messages_.bind(1, id).run();
  std::int64_t seq = 0;
  for (const auto& message : r.messages) {
    insert_message_
        .bind_all(id, ++seq, to_string(message.from), unix_or_null(message.at), message.text)
        .run();
  }
  return {kind, {}};
}

WriteResult SqliteRecordWriter::write(const CallRecord& r) {
  if (erased_.contains(Category::call, r.source_id)) return kErased;
  std::optional<std::int64_t> customer;
  if (auto refused = resolve_customer(r.customer, customer)) return *refused;
  upsert_call_.bind_all(r.source_id, customer, r.phone, to_unix(r.started_at), r.duration_s,
                        r.notes, r.recording);
  std::int64_t id = 0;
  return {upsert(Category::call, r.source_id, upsert_call_, id), {}};
}

WriteResult SqliteRecordWriter::write(const SmsSurveyRecord& r) {
  if (erased_.contains(Category::sms_survey, r.source_id)) return kErased;
  const auto call = find(Category::call, r.call);
  if (!call) return missing(Category::call, r.call);
  upsert_survey_.bind_all(r.source_id, *call, r.phone, to_unix(r.sent_at), r.answer);
  std::int64_t id = 0;
  return {upsert(Category::sms_survey, r.source_id, upsert_survey_, id), {}};
}

WriteResult SqliteRecordWriter::write(const ConsentRecord& r) {
  if (erased_.contains(Category::consent, r.source_id)) return kErased;
  std::optional<std::int64_t> customer;
  if (auto refused = resolve_customer(r.customer, customer)) return *refused;
  upsert_consent_.bind_all(r.source_id, customer, r.phone, to_string(r.method), r.purpose,
                           to_unix(r.given_at), unix_or_null(r.withdrawn_at));
  std::int64_t id = 0;
  return {upsert(Category::consent, r.source_id, upsert_consent_, id), {}};
}

std::unique_ptr<RecordWriter> SqliteStore::record_writer() {
  return std::make_unique<SqliteRecordWriter>(*this);
}

}  // namespace oulu10::store

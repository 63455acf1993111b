#include "store/audit_log.hpp"

#include <set>

#include "core/comma_list.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {

namespace {

class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(SqliteStore& store);
  void each(const AuditFilter& filter, const std::function<void(const AuditRow&)>& visit) override;
  std::vector<AuditRow> indexed_under(const std::vector<std::string>& keys) override;
  void index_pending() override;
  std::optional<std::pair<std::int64_t, std::string>> last() override;
  void insert(const AuditRow& row) override;

 private:
  sqlite::Statement last_;
  sqlite::Statement select_;
  sqlite::Statement insert_;
  sqlite::Statement insert_key_;
  sqlite::Statement not_indexed_;
  sqlite::Statement indexed_through_;
  sqlite::Statement seqs_under_;
  sqlite::Statement entry_;
};

constexpr std::string_view kColumns = R"sql(
  seq, at, actor, command, request_id, subject_ref, details, outcome, prev_hash, hash, os_user,
  sudo_user, sudo_uid, coalesce(index_keys, subject_ref))sql";

AuditRow read_row(sqlite::Statement& statement) {
  AuditRow row;
  row.seq = statement.int64(0);
  row.at = statement.int64(1);
  row.actor = statement.text(2);
  row.command = statement.text(3);
  row.request_id = statement.optional_text(4);
  row.subject_ref = statement.optional_text(5);
  row.details = statement.text(6);
  row.outcome = statement.text(7);
  row.prev_hash = statement.text(8);
  row.hash = statement.text(9);
  row.os_user = statement.optional_text(10);
  row.sudo_user = statement.optional_text(11);
  row.sudo_uid = statement.optional_int64(12);
  if (const auto keys = statement.optional_text(13)) row.subject_keys = split_commas(*keys);
  return row;
}

}  // namespace

SqliteAuditLog::SqliteAuditLog(SqliteStore& store)
    : last_(store.connection(), "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"),
      select_(store.connection(), "SELECT" + std::string(kColumns) + R"sql(
        FROM audit
        WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2)
          AND (?3 IS NULL OR actor = ?3 OR os_user = ?3 OR sudo_user = ?3)
          AND (?4 IS NULL OR request_id = ?4)
        ORDER BY seq)sql"),
      insert_(store.connection(), R"sql(
        INSERT INTO audit (seq, at, actor, command, request_id, subject_ref, details, outcome,
                           prev_hash, hash, os_user, sudo_user, sudo_uid, index_keys)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14))sql"),
      insert_key_(store.connection(),
                  "INSERT OR IGNORE INTO audit_subject (subject_key, seq) VALUES (?1, ?2)"),
      not_indexed_(store.connection(), R"sql(
        SELECT seq, index_keys FROM audit
        WHERE seq > (SELECT indexed_through FROM audit_index) ORDER BY seq)sql"),
      indexed_through_(store.connection(), "UPDATE audit_index SET indexed_through = ?1"),
      seqs_under_(store.connection(), "SELECT seq FROM audit_subject WHERE subject_key = ?1"),
      entry_(store.connection(), "SELECT" + std::string(kColumns) + " FROM audit WHERE seq = ?1") {}

std::optional<std::pair<std::int64_t, std::string>> SqliteAuditLog::last() {
  std::optional<std::pair<std::int64_t, std::string>> out;
  if (last_.step()) out.emplace(last_.int64(0), last_.text(1));
  last_.reset();
  return out;
}

void SqliteAuditLog::each(const AuditFilter& filter,
                          const std::function<void(const AuditRow&)>& visit) {
  select_.bind_all(filter.since, filter.until, filter.actor, filter.request_id);
  struct ResetAfter {  // also when `visit` throws: an active statement would pin a snapshot
    sqlite::Statement& statement;
    ~ResetAfter() { statement.reset(); }
  } reset_after{select_};
  while (select_.step()) visit(read_row(select_));
}

void SqliteAuditLog::index_pending() {
  std::vector<std::pair<std::int64_t, std::string>> pending;
  while (not_indexed_.step()) {
    pending.emplace_back(not_indexed_.int64(0), not_indexed_.optional_text(1).value_or(""));
  }
  not_indexed_.reset();
  if (pending.empty()) return;
  for (const auto& [seq, keys] : pending) {
    for (const auto& key : split_commas(keys)) insert_key_.bind_all(key, seq).run();
  }
  indexed_through_.bind_all(pending.back().first).run();
}

std::vector<AuditRow> SqliteAuditLog::indexed_under(const std::vector<std::string>& keys) {
  index_pending();
  std::set<std::int64_t> seqs;
  for (const auto& key : keys) {
    seqs_under_.bind(1, key);
    while (seqs_under_.step()) seqs.insert(seqs_under_.int64(0));
    seqs_under_.reset();
  }
  std::vector<AuditRow> out;
  for (const auto seq : seqs) {
    entry_.bind(1, seq);
    if (entry_.step()) out.push_back(read_row(entry_));
    entry_.reset();
  }
  return out;
}

void SqliteAuditLog::insert(const AuditRow& row) {
  insert_
      .bind_all(
          row.seq, row.at, row.actor, row.command, row.request_id, row.subject_ref, row.details,
          row.outcome, row.prev_hash, row.hash, row.os_user, row.sudo_user, row.sudo_uid,
          row.subject_keys.empty() ? std::nullopt : std::optional(join_commas(row.subject_keys)))
      .run();
}

std::unique_ptr<AuditLog> SqliteStore::audit_log() {
  return std::make_unique<SqliteAuditLog>(*this);
}

}  // namespace oulu10::store

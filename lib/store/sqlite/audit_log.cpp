#include "store/audit_log.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {

namespace {

class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(SqliteStore& store);
  void each(const AuditFilter& filter, const std::function<void(const AuditRow&)>& visit) override;
  std::optional<std::pair<std::int64_t, std::string>> last() override;
  void insert(const AuditRow& row) override;

 private:
  sqlite::Statement last_;
  sqlite::Statement select_;
  sqlite::Statement insert_;
};

}  // namespace

SqliteAuditLog::SqliteAuditLog(SqliteStore& store)
    : last_(store.connection(), "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"),
      select_(store.connection(), R"sql(
        SELECT seq, at, actor, command, request_id, subject_ref, details, outcome, prev_hash,
               hash, os_user, sudo_user, sudo_uid
        FROM audit
        WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2)
          AND (?3 IS NULL OR actor = ?3 OR os_user = ?3 OR sudo_user = ?3)
          AND (?4 IS NULL OR request_id = ?4)
        ORDER BY seq)sql"),
      insert_(store.connection(), R"sql(
        INSERT INTO audit (seq, at, actor, command, request_id, subject_ref, details, outcome,
                           prev_hash, hash, os_user, sudo_user, sudo_uid)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13))sql") {}

std::optional<std::pair<std::int64_t, std::string>> SqliteAuditLog::last() {
  std::optional<std::pair<std::int64_t, std::string>> out;
  if (last_.step()) out.emplace(last_.int64(0), last_.text(1));
  last_.reset();
  return out;
}

void SqliteAuditLog::each(const AuditFilter& filter,
                          const std::function<void(const AuditRow&)>& visit) {
  select_.bind_all(filter.since, filter.until, filter.actor, filter.request_id);
  AuditRow row;
  struct ResetAfter {  // also when `visit` throws: an active statement would pin a snapshot
    sqlite::Statement& statement;
    ~ResetAfter() { statement.reset(); }
  } reset_after{select_};
  while (select_.step()) {
    row.seq = select_.int64(0);
    row.at = select_.int64(1);
    row.actor = select_.text(2);
    row.command = select_.text(3);
    row.request_id = select_.optional_text(4);
    row.subject_ref = select_.optional_text(5);
    row.details = select_.text(6);
    row.outcome = select_.text(7);
    row.prev_hash = select_.text(8);
    row.hash = select_.text(9);
    row.os_user = select_.optional_text(10);
    row.sudo_user = select_.optional_text(11);
    row.sudo_uid = select_.optional_int64(12);
    visit(row);
  }
}

void SqliteAuditLog::insert(const AuditRow& row) {
  insert_
      .bind_all(row.seq, row.at, row.actor, row.command, row.request_id, row.subject_ref,
                row.details, row.outcome, row.prev_hash, row.hash, row.os_user, row.sudo_user,
                row.sudo_uid)
      .run();
}

std::unique_ptr<AuditLog> SqliteStore::audit_log() {
  return std::make_unique<SqliteAuditLog>(*this);
}

}  // namespace oulu10::store

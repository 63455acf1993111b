#include "register/audit_log.hpp"

namespace oulu10::store {

AuditLog::AuditLog(Register& reg)
    : last_(reg.connection(), "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"),
      insert_(reg.connection(), R"sql(
        INSERT INTO audit (seq, at, actor, command, request_id, subject_ref, details, outcome,
                           prev_hash, hash)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10))sql"),
      key_(reg.connection(), "SELECT key FROM register_key WHERE id = 1") {}

std::optional<std::pair<std::int64_t, std::string>> AuditLog::last() {
  std::optional<std::pair<std::int64_t, std::string>> out;
  if (last_.step()) out.emplace(last_.int64(0), last_.text(1));
  last_.reset();
  return out;
}

void AuditLog::insert(const AuditRow& row) {
  insert_
      .bind_all(row.seq, row.at, row.actor, row.command, row.request_id, row.subject_ref,
                row.details, row.outcome, row.prev_hash, row.hash)
      .run();
}

std::string AuditLog::secret_key() {
  std::string key;
  if (key_.step()) key = key_.text(0);
  key_.reset();
  return key;
}

}  // namespace oulu10::store

#include "register/erasure.hpp"

#include <cerrno>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace oulu10::store {
namespace {

// The message a source id is hashed as: its type keeps equal ids of two types apart.
std::string source_message(Category category, std::string_view source_id) {
  return fmt::format("{}:{}", type_name(category), source_id);
}

bool has_rows(sqlite::Connection& db, std::string_view table) {
  sqlite::Statement query(db, fmt::format("SELECT EXISTS (SELECT 1 FROM {})", table));
  query.step();
  return query.int64(0) != 0;
}

}  // namespace

Eraser::Eraser(Register& reg)
    : reg_(reg),
      delete_{sqlite::Statement(reg.connection(), "DELETE FROM customer WHERE id = ?1"),
              sqlite::Statement(reg.connection(), "DELETE FROM case_record WHERE id = ?1"),
              sqlite::Statement(reg.connection(), "DELETE FROM chat WHERE id = ?1"),
              sqlite::Statement(reg.connection(), "DELETE FROM call WHERE id = ?1"),
              sqlite::Statement(reg.connection(), "DELETE FROM sms_survey WHERE id = ?1"),
              sqlite::Statement(reg.connection(), "DELETE FROM consent WHERE id = ?1")},
      remember_(reg.connection(),
                "INSERT OR IGNORE INTO erased_source (category, source_key) VALUES (?1, ?2)"),
      pending_file_(reg.connection(),
                    "INSERT OR IGNORE INTO pending_file_deletion (path) VALUES (?1)"),
      pending_scrub_(reg.connection(), "INSERT OR IGNORE INTO pending_scrub (id) VALUES (1)") {}

void Eraser::remove(RowKey record) {
  delete_[static_cast<std::size_t>(record.first)].bind(1, record.second).run();
}

void Eraser::remember_erased(Category category, std::string_view source_id) {
  if (!hash_) hash_ = std::make_unique<KeyedHash>(reg_.secret_key());
  remember_.bind_all(type_name(category), (*hash_)(source_message(category, source_id))).run();
}

void Eraser::delete_file_after_commit(std::string_view path) { pending_file_.bind(1, path).run(); }

void Eraser::scrub_after_commit() { pending_scrub_.run(); }

ErasedSources::ErasedSources(Register& reg)
    : reg_(reg),
      any_(has_rows(reg.connection(), "erased_source")),
      find_(reg.connection(),
            "SELECT 1 FROM erased_source WHERE category = ?1 AND source_key = ?2") {}

bool ErasedSources::contains(Category category, std::string_view source_id) {
  if (!any_) return false;
  if (!hash_) hash_ = std::make_unique<KeyedHash>(reg_.secret_key());
  find_.bind_all(type_name(category), (*hash_)(source_message(category, source_id)));
  const bool found = find_.step();
  find_.reset();
  return found;
}

std::filesystem::path recording_path(const Register& reg, std::string_view stored) {
  const std::filesystem::path path(stored);
  return path.is_absolute() ? path : reg.path().parent_path() / path;
}

namespace {

// Unlinks the pending files; returns the paths that are gone (or were never there).
std::vector<std::string> unlink_pending(Register& reg, PendingWork& work) {
  std::vector<std::string> gone;
  sqlite::Statement pending(reg.connection(), "SELECT path FROM pending_file_deletion");
  while (pending.step()) {
    auto stored = pending.text(0);
    std::error_code error;
    std::filesystem::remove(recording_path(reg, stored), error);
    if (!error || error == std::errc::no_such_file_or_directory) {
      gone.push_back(std::move(stored));
      ++work.files_deleted;
    } else {
      ++work.files_left;
    }
  }
  return gone;
}

}  // namespace

PendingWork finish_pending_work(Register& reg) {
  auto& db = reg.connection();
  PendingWork work;
  if (has_rows(db, "pending_file_deletion")) {
    const auto gone = unlink_pending(reg, work);
    if (!gone.empty()) {
      sqlite::Transaction transaction(db, sqlite::Transaction::Kind::write);
      sqlite::Statement done(db, "DELETE FROM pending_file_deletion WHERE path = ?1");
      for (const auto& path : gone) done.bind(1, path).run();
      transaction.commit();
    }
  }
  if (!has_rows(db, "pending_scrub")) return work;
  // Every older page image, the deleted content among them, is in the log until this
  // checkpoint; clearing the flag afterwards writes only the flag's own page to the new log.
  if (!db.checkpoint_truncate(kReaderWait)) {
    work.scrub_pending = true;
    return work;
  }
  sqlite::Transaction transaction(db, sqlite::Transaction::Kind::write);
  db.exec("DELETE FROM pending_scrub");
  transaction.commit();
  return work;
}

}  // namespace oulu10::store

#include "store/erasure.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"

namespace oulu10::store {
namespace {

// The message a source id is hashed as: its type keeps equal ids of two types apart.
std::string source_message(Category category, std::string_view source_id) {
  return fmt::format("{}:{}", type_name(category), source_id);
}

// A new deletion needs a new VACUUM, even if one is half done.
constexpr std::string_view kScrubNeeded =
    "INSERT OR REPLACE INTO pending_scrub (id, vacuumed) VALUES (1, 0)";

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
      pending_scrub_(reg.connection(), kScrubNeeded) {}

void Eraser::remove(RowKey record) {
  delete_[index_of(record.first)].bind(1, record.second).run();
}

void Eraser::remember_erased(Category category, std::string_view source_id) {
  remember_.bind_all(type_name(category), reg_.keyed_hash(source_message(category, source_id)))
      .run();
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
  find_.bind_all(type_name(category), reg_.keyed_hash(source_message(category, source_id)));
  const bool found = find_.step();
  find_.reset();
  return found;
}

bool is_safe_recording_path(std::string_view stored) {
  const std::filesystem::path path(stored);
  if (stored.empty() || path.has_root_path()) return false;
  return std::none_of(path.begin(), path.end(), [](const auto& part) { return part == ".."; });
}

std::optional<std::filesystem::path> recording_path(const Register& reg, std::string_view stored) {
  if (!is_safe_recording_path(stored)) return std::nullopt;
  return reg.recordings() / std::filesystem::path(stored);
}

namespace {

// Unlinks the pending files; returns the paths that are gone (or were never there).
std::vector<std::string> unlink_pending(Register& reg, PendingWork& work) {
  std::vector<std::string> gone;
  sqlite::Statement pending(reg.connection(), "SELECT path FROM pending_file_deletion");
  while (pending.step()) {
    auto stored = pending.text(0);
    const auto path = recording_path(reg, stored);
    if (!path) {  // never deleted outside the recordings directory; nothing to retry either
      gone.push_back(std::move(stored));
      continue;
    }
    std::error_code error;
    std::filesystem::remove(*path, error);
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

void mark_scrub_needed(Register& reg) { reg.connection().exec(kScrubNeeded); }

namespace {

void forget_deleted_files(sqlite::Connection& db, const std::vector<std::string>& gone) {
  if (gone.empty()) return;
  sqlite::Transaction transaction(db, sqlite::Transaction::Kind::write);
  sqlite::Statement done(db, "DELETE FROM pending_file_deletion WHERE path = ?1");
  for (const auto& path : gone) done.bind(1, path).run();
  transaction.commit();
}

bool vacuumed(sqlite::Connection& db) {
  sqlite::Statement query(db, "SELECT vacuumed FROM pending_scrub WHERE id = 1");
  return query.step() && query.int64(0) != 0;
}

// True when the deleted content is left nowhere: not in any page of the file, not in the log.
bool scrub(sqlite::Connection& db, Finish what) {
  if (!vacuumed(db)) {
    if (what == Finish::without_vacuum) return false;
    db.exec("VACUUM");
    sqlite::Transaction transaction(db, sqlite::Transaction::Kind::write);
    db.exec("UPDATE pending_scrub SET vacuumed = 1");
    transaction.commit();
  }
  // Until this checkpoint the log holds every older page image, the deleted content among
  // them; clearing the flag afterwards writes only the flag's own page to the new log.
  if (!db.checkpoint_truncate(kReaderWait)) return false;
  sqlite::Transaction transaction(db, sqlite::Transaction::Kind::write);
  db.exec("DELETE FROM pending_scrub WHERE vacuumed = 1");
  transaction.commit();
  return true;
}

}  // namespace

PendingWork finish_pending_work(Register& reg, Finish what) noexcept {
  auto& db = reg.connection();
  PendingWork work;
  // A VACUUM needs room for a second copy of the file: on a full disk it is the disk, not a
  // busy register, that the report must name.
  const auto note_failure = [&work](const std::exception& failure) {
    work.unfinished = true;
    const auto* error = dynamic_cast<const Error*>(&failure);
    if (error != nullptr && error->code() == ExitCode::io_failure) work.disk_full = true;
  };
  try {
    if (has_rows(db, "pending_file_deletion")) forget_deleted_files(db, unlink_pending(reg, work));
  } catch (const std::exception& failure) {
    note_failure(failure);  // the files deleted are found gone next time
  }
  try {
    if (has_rows(db, "pending_scrub")) work.scrub_pending = !scrub(db, what);
  } catch (const std::exception& failure) {
    work.scrub_pending = true;
    note_failure(failure);
  }
  return work;
}

void throw_if_unfinished(const PendingWork& work, const UnfinishedWording& wording) {
  if (work.files_left > 0) {
    throw IoFailure(
        fmt::format("{} recording file(s) could not be deleted; the next writing command retries",
                    work.files_left));
  }
  if (work.disk_full) throw IoFailure(std::string(wording.disk_full));
  if (work.scrub_pending || work.unfinished) throw RegisterBusy(std::string(wording.busy));
}

}  // namespace oulu10::store

#include "store/erasure.hpp"

#include "store/recordings.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"

namespace oulu10::store {
namespace {

// A new deletion needs a new VACUUM, even if one is half done.
constexpr std::string_view kScrubNeeded =
    "INSERT OR REPLACE INTO pending_scrub (id, vacuumed) VALUES (1, 0)";

bool has_rows(sqlite::Connection& db, std::string_view table) {
  sqlite::Statement query(db, fmt::format("SELECT EXISTS (SELECT 1 FROM {})", table));
  query.step();
  return query.int64(0) != 0;
}

class SqliteEraser final : public Eraser {
 public:
  explicit SqliteEraser(SqliteStore& store)
      : store_(store),
        remember_(store.connection(),
                  "INSERT OR IGNORE INTO erased_source (category, source_key) VALUES (?1, ?2)"),
        pending_file_(store.connection(),
                      "INSERT OR IGNORE INTO pending_file_deletion (path) VALUES (?1)"),
        pending_scrub_(store.connection(), kScrubNeeded) {
    for (const auto category : kCategories) {
      delete_.emplace_back(store.connection(),
                           fmt::format("DELETE FROM {} WHERE id = ?1", table_name(category)));
    }
  }

  void remove(RowKey record) override {
    delete_[index_of(record.first)].bind(1, record.second).run();
  }

  void remember_erased(Category category, std::string_view source_id) override {
    remember_erased_key(category, source_key(store_, category, source_id));
  }

  void detach(RowKey record) override {
    sqlite::Statement(
        store_.connection(),
        fmt::format("UPDATE {} SET customer_id = NULL WHERE id = ?1", table_name(record.first)))
        .bind(1, record.second)
        .run();
  }

  void remember_erased_key(Category category, std::string_view key) override {
    remember_.bind_all(type_name(category), key).run();
  }

  void delete_file_after_commit(std::string_view path) override {
    pending_file_.bind(1, path).run();
  }

  void scrub_after_commit() override { pending_scrub_.run(); }

 private:
  SqliteStore& store_;
  std::vector<sqlite::Statement> delete_;  // by Category
  sqlite::Statement remember_;
  sqlite::Statement pending_file_;
  sqlite::Statement pending_scrub_;
};

}  // namespace

std::unique_ptr<Eraser> SqliteStore::eraser() { return std::make_unique<SqliteEraser>(*this); }

ErasedSources::ErasedSources(SqliteStore& store)
    : store_(store),
      any_(has_rows(store.connection(), "erased_source")),
      find_(store.connection(),
            "SELECT 1 FROM erased_source WHERE category = ?1 AND source_key = ?2") {}

bool ErasedSources::contains(Category category, std::string_view source_id) {
  if (!any_) return false;
  find_.bind_all(type_name(category), source_key(store_, category, source_id));
  const bool found = find_.step();
  find_.reset();
  return found;
}

namespace {

// Unlinks the pending files; returns the paths that are gone (or were never there).
std::vector<std::string> unlink_pending(SqliteStore& store, PendingWork& work) {
  std::vector<std::string> gone;
  sqlite::Statement pending(store.connection(), "SELECT path FROM pending_file_deletion");
  while (pending.step()) {
    auto stored = pending.text(0);
    const auto path = recording_path(store, stored);
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

void SqliteStore::mark_scrub_needed() { db_.exec(kScrubNeeded); }

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

PendingWork SqliteStore::finish_pending_work(Finish what) noexcept {
  auto& db = db_;
  PendingWork work;
  // A VACUUM needs room for a second copy of the file: on a full disk it is the disk, not a
  // busy register, that the report must name.
  const auto note_failure = [&work](const std::exception& failure) {
    work.unfinished = true;
    const auto* error = dynamic_cast<const Error*>(&failure);
    if (error != nullptr && error->code() == ExitCode::io_failure) work.disk_full = true;
  };
  try {
    if (has_rows(db, "pending_file_deletion"))
      forget_deleted_files(db, unlink_pending(*this, work));
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

}  // namespace oulu10::store

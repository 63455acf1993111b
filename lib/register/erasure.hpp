#pragma once
// Deleting records for erase (art. 17) and purge, and what a deletion leaves for after its
// transaction: recording files to unlink and a write-ahead log to empty. Callers own the
// transaction and delete dependents before what they depend on.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/keyed_hash.hpp"
#include "register/records.hpp"
#include "register/register.hpp"
#include "register/sqlite.hpp"

namespace oulu10::store {

class Eraser {
 public:
  explicit Eraser(Register& reg);

  // Deletes one record; a chat's messages and a case's links go with it.
  void remove(RowKey record);
  // Keeps a keyed hash of an erased record's source id so that import skips it from now on.
  void remember_erased(Category category, std::string_view source_id);
  // The file is unlinked after the transaction commits (see finish_pending_work).
  void delete_file_after_commit(std::string_view path);
  // Deleted content must also leave the write-ahead log (see finish_pending_work).
  void scrub_after_commit();

 private:
  Register& reg_;
  sqlite::Statement delete_[6];
  sqlite::Statement remember_;
  sqlite::Statement pending_file_;
  sqlite::Statement pending_scrub_;
  std::unique_ptr<KeyedHash> hash_;
};

// Whether import must skip a record because it was erased.
class ErasedSources {
 public:
  explicit ErasedSources(Register& reg);
  bool contains(Category category, std::string_view source_id);

 private:
  Register& reg_;
  bool any_ = false;  // most registers never erased anything: no hashing on their imports
  sqlite::Statement find_;
  std::unique_ptr<KeyedHash> hash_;
};

struct PendingWork {
  std::size_t files_deleted = 0;
  std::size_t files_left = 0;  // could not be deleted; retried by the next writing command
  bool scrub_pending = false;  // a reader kept the write-ahead log from being emptied
};

// Finishes what committed deletions left: unlinks pending recording files (a missing file
// counts as deleted; a relative path is relative to the register's directory), then empties
// the write-ahead log with a truncating checkpoint, so deleted content is left nowhere but in
// zeroed pages of the database file. Waits at most kReaderWait for readers, since other
// writers wait behind the checkpoint meanwhile; if one is still reading, the next writing
// command finishes. Called after its own commit by every command that changes records.
PendingWork finish_pending_work(Register& reg);

inline constexpr std::chrono::milliseconds kReaderWait{1000};

// A recording file's path as stored, resolved against the register's directory.
std::filesystem::path recording_path(const Register& reg, std::string_view stored);

}  // namespace oulu10::store

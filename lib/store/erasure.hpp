#pragma once
// Deleting records for erase (art. 17) and purge, and what a deletion leaves for after its
// transaction: recording files to unlink and a write-ahead log to empty. Callers own the
// transaction and delete dependents before what they depend on.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "model/records.hpp"
#include "store/register.hpp"
#include "store/sqlite/connection.hpp"

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
  // Deleted content must also leave unused page space and the log (see finish_pending_work).
  void scrub_after_commit();

 private:
  Register& reg_;
  std::array<sqlite::Statement, kCategoryCount> delete_;
  sqlite::Statement remember_;
  sqlite::Statement pending_file_;
  sqlite::Statement pending_scrub_;
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
};

struct PendingWork {
  std::size_t files_deleted = 0;
  std::size_t files_left = 0;  // could not be deleted; retried by the next writing command
  bool scrub_pending = false;  // not yet rebuilt and out of the log; the next one finishes
  bool unfinished = false;     // the register was busy or failed part-way: retried likewise
  bool disk_full = false;      // what failed was the disk (full or failing): retried likewise
};

// How much of a scrub a command takes on. VACUUM rewrites the whole file under the write lock
// (about 15 to 35 s on a register of a million customers), so only erase and purge, whose work
// it finishes, run it; other commands finish only the cheap parts.
enum class Finish { everything, without_vacuum };

// Finishes what committed deletions left, and never throws: the deletions are committed, so
// what is left is reported, not raised. Unlinks pending recording files (a missing file counts
// as deleted); then, after a deletion, rebuilds the file with VACUUM, since secure_delete
// zeroes a deleted cell but not the copies of it that earlier page splits left in the unused
// space of other pages; then empties the write-ahead log with a truncating checkpoint. Waits
// at most kReaderWait for readers, since other writers wait behind the checkpoint meanwhile.
// Called after its commit by every command that changes records.
PendingWork finish_pending_work(Register& reg, Finish what = Finish::without_vacuum) noexcept;

// What a command that deleted says when finish_pending_work left something: the deletion is
// committed either way, so the messages begin with what was done.
struct UnfinishedWording {
  std::string_view disk_full;  // the disk stopped the rebuild or the checkpoint
  std::string_view busy;       // a reader or writer did
};

// IoFailure when recording files could not be deleted or the disk stopped the scrub,
// RegisterBusy when a busy register did; nothing when all was finished.
void throw_if_unfinished(const PendingWork& work, const UnfinishedWording& wording);

// For a deleting transaction: finish_pending_work must scrub afterwards.
void mark_scrub_needed(Register& reg);

inline constexpr std::chrono::milliseconds kReaderWait{1000};

// A recording file's path as stored, inside the recordings directory; nullopt for a path that
// would lead out of it (import refuses those, so only a register edited by hand has them).
std::optional<std::filesystem::path> recording_path(const Register& reg, std::string_view stored);

// A stored recording path must be relative and stay inside the directory: no "..", no root.
bool is_safe_recording_path(std::string_view stored);

}  // namespace oulu10::store

#pragma once
// What committed deletions leave for after their transaction, and how a command reports what
// of it could not be finished (see Store::finish_pending_work).
#include <chrono>
#include <cstddef>
#include <string_view>

namespace oulu10::store {

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

// What a command that deleted says when finish_pending_work left something: the deletion is
// committed either way, so the messages begin with what was done.
struct UnfinishedWording {
  std::string_view disk_full;  // the disk stopped the rebuild or the checkpoint
  std::string_view busy;       // a reader or writer did
};

// IoFailure when recording files could not be deleted or the disk stopped the scrub,
// RegisterBusy when a busy register did; nothing when all was finished.
void throw_if_unfinished(const PendingWork& work, const UnfinishedWording& wording);

// How long finishing waits for readers of older snapshots, since other writers wait behind it.
inline constexpr std::chrono::milliseconds kReaderWait{1000};

}  // namespace oulu10::store

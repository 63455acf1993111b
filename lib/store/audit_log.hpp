#pragma once
// The audit table: storage only. Hashing and chaining live in audit/.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace oulu10::store {

struct AuditRow {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::string actor;  // --actor: the clerk on whose behalf the account acted
  // The operating-system account that ran the command, and the one that invoked sudo. Absent
  // in entries written before the register recorded them (schema version 7), whose hash does
  // not cover them.
  std::optional<std::string> os_user;
  std::optional<std::string> sudo_user;
  std::optional<std::int64_t> sudo_uid;
  std::string command;
  std::optional<std::string> request_id;
  std::optional<std::string> subject_ref;  // subject keys joined by commas (audit::Trail)
  // The keys the entry is found by for a subject's access reply: those of subject_ref and
  // those of the identifiers on the records it read. Stored with the entry, not hashed. An
  // entry written before the register recorded them (schema version 8) has those of
  // subject_ref.
  std::vector<std::string> subject_keys;
  std::string details;  // JSON
  std::string outcome;
  std::string prev_hash;
  std::string hash;
};

// Which entries a listing shows; an absent member does not filter.
struct AuditFilter {
  std::optional<std::int64_t> since;  // at or after (UTC seconds)
  std::optional<std::int64_t> until;  // before
  std::optional<std::string> actor;  // the --actor, the OS account or the sudo user
  std::optional<std::string> request_id;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;

  // Calls `visit` for each entry that passes the filter, oldest first. One statement streams
  // them, so a long trail needs no memory and is read as one consistent snapshot.
  virtual void each(const AuditFilter& filter,
                    const std::function<void(const AuditRow&)>& visit) = 0;

  // The entries with any of `keys` among their subject_keys, oldest first: an index read,
  // however long the trail. Brings the index up to the trail's end first (index_pending), so
  // call it in a write transaction.
  virtual std::vector<AuditRow> indexed_under(const std::vector<std::string>& keys) = 0;

  // Adds the entries appended since the index was last brought up to date to the index of
  // subject keys, in the caller's write transaction. Appending does not index: a subject key
  // is a hash, so each key lands on a random page of the index, and a writer that appends
  // thousands of entries (a batch export) should pay each page once, not once a commit.
  virtual void index_pending() = 0;

  // The newest entry's sequence number and hash; nullopt while the trail is empty.
  virtual std::optional<std::pair<std::int64_t, std::string>> last() = 0;
  virtual void insert(const AuditRow& row) = 0;
};

}  // namespace oulu10::store

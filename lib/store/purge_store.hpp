#pragma once
// The retention purge's reads and deletions: storage only. The periods are the rule objects of
// model/retention.hpp, the ones the access reply's schedule follows too.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/time.hpp"
#include "model/category.hpp"
#include "model/retention.hpp"

namespace oulu10::store {

// The rules, and the time the purge judges by: a record has expired when the end of its
// period is at or before `as_of`. The end is computed for each record, not compared with one
// cutoff: around 29 February the starts that have ended do not form one range.
struct PurgeRules {
  Timestamp as_of;
  RetentionRules periods;
};

// The purge walks the categories in this order, so that a customer's records are gone before
// the customer is considered.
enum class PurgeStep { calls, chats, cases, customers, unlinked_consents };
inline constexpr PurgeStep kPurgeSteps[] = {PurgeStep::calls, PurgeStep::chats, PurgeStep::cases,
                                            PurgeStep::customers, PurgeStep::unlinked_consents};

struct Candidates {
  std::vector<std::int64_t> purgeable;  // expired and not held when found
  std::size_t examined = 0;   // expired records looked at; fewer than the limit: step done
  std::int64_t last_row = 0;  // where the next batch of the step starts (exclusive)
  CategoryCounts held{};      // expired, but held: restricted, open complaint, records left
};

class PurgeStore {
 public:
  virtual ~PurgeStore() = default;

  // Finds up to `limit` expired records of the step after row `after`, in row order, and
  // tells the purgeable from the held. A read: run it outside the write lock, since on a
  // night when little has expired it walks a whole table.
  virtual Candidates find(PurgeStep step, std::int64_t after, std::size_t limit) = 0;

  // Checks the found records again and deletes those still purgeable, in the caller's write
  // transaction, with a call's surveys and a customer's consents; recording files of deleted
  // calls are left for Store::finish_pending_work. With `dry_run` it only counts, and needs no
  // transaction. Returns the counts, the surveys and consents that go along included.
  virtual CategoryCounts remove(PurgeStep step, const std::vector<std::int64_t>& rows,
                                bool dry_run) = 0;

  // Commits from now on reach the disk before they return: before files are deleted.
  virtual void make_durable() = 0;

  // Copies the log into the database file as far as readers allow, without blocking writers;
  // between batches, so that a long purge's log stays small.
  virtual void checkpoint() = 0;

  // The earliest end of a period, after as_of, of a record of the step; nullopt when no period
  // of the step is running.
  virtual std::optional<Timestamp> next_expiry(PurgeStep step) = 0;
};

}  // namespace oulu10::store

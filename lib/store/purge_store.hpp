#pragma once
// The retention purge's reads and deletions: storage only. Which periods apply comes from the
// policy, through retention/purge; here they arrive as a start anchor and a length in years
// per category.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/time.hpp"
#include "model/records.hpp"

namespace oulu10::store {

// Where a record's period starts.
enum class Anchor {
  own_time,            // a call's or chat's start, a case's closing
  relationship_ended,  // the end of its customer's relationship (a case: also its closing)
};

struct ExpiryRule {
  Anchor with_customer = Anchor::own_time;
  Anchor without_customer = Anchor::own_time;
  int years = 0;
};

// A record's period ends `years` calendar years after its start (29 February plus a year is
// 28 February, as add_years); it has expired when that end is at or before `as_of`. The end
// is computed for each record, not compared with one cutoff: around 29 February the starts
// that have ended do not form one range.
struct PurgeRules {
  Timestamp as_of;
  ExpiryRule calls;
  ExpiryRule chats;
  ExpiryRule cases;
  int customer_years = 0;  // from the end of the relationship
  // A consent with a number and no customer goes with the calls from that number: its period
  // is the calls', counted from when it was given.
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
  virtual CategoryCounts remove(PurgeStep step, const std::vector<std::int64_t>& rows, bool dry_run) = 0;

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

#include "retention/purge.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "oulu10gdpr/error.hpp"
#include "retention/rules.hpp"
#include "store/processor_tasks.hpp"
#include "store/purge_lock.hpp"
#include "store/request_store.hpp"

namespace oulu10::retention {
namespace {

using Clock = std::chrono::steady_clock;

// A page that many batches change is copied into the file once per checkpoint; but the log
// grows meanwhile, and a clerk's command that commits while it is long copies it back itself.
constexpr std::size_t kBatchesPerCheckpoint = 8;

// Batch sizes: fixed, or adapted between these bounds, starting at the first.
constexpr std::size_t kFirstBatch = 500;
constexpr std::size_t kSmallestBatch = 50;
constexpr std::size_t kLargestBatch = 10000;

// The casework a purge deletes besides records: closed requests, and processor tasks.
struct Casework {
  std::size_t requests = 0;
  std::size_t processor_tasks = 0;
  [[nodiscard]] std::size_t total() const { return requests + processor_tasks; }
};

// When a confirmed processor task's retention ends: the years requests are kept, from the later
// of its confirmation and its request's closing; while its request is open, not yet. A task
// whose request the purge has deleted counts from its confirmation, as one without a request.
std::optional<Timestamp> task_retention_end(const store::ConfirmedTask& task, int years) {
  if (task.has_request && task.request_present) {
    if (!task.request_closed_at) return std::nullopt;
    return add_years(std::max(task.confirmed_at, *task.request_closed_at), years);
  }
  return add_years(task.confirmed_at, years);
}

void audit(audit::Trail& trail, const Session& session, const PurgeReport& report,
           const CategoryCounts& deleted, const Casework& casework, std::string_view outcome) {
  trail.append({.at = session.now(),
                .actor = session.actor(),
                .identity = session.identity(),
                .command = "purge",
                .request_id = std::nullopt,
                .subject_ref = std::nullopt,
                .details = {{"as_of", format_timestamp(report.as_of)},
                            {"deleted", counts_json(deleted)},
                            {"requests", casework.requests},
                            {"processor_tasks", casework.processor_tasks},
                            {"dry_run", report.dry_run}},
                .outcome = std::string(outcome)});
}

class Run {
 public:
  Run(store::Store& store, const Session& session, const PurgeOptions& options, PurgeReport& report)
      : store_(store),
        session_(session),
        options_(options),
        report_(report),
        purge_store_(store.purge_store({options.as_of, rules_of(session.policy())})),
        trail_(store, session) {}

  void step(store::PurgeStep step) {
    // A record of another category costs another amount: start small again.
    batch_size_ = options_.batch_size.value_or(kFirstBatch);
    std::int64_t after = 0;
    for (;;) {
      const auto limit = batch_size_;
      const auto batch = one_batch(step, after, limit);
      after = batch.last_row;
      if (report_.batches % kBatchesPerCheckpoint == 0) purge_store_->checkpoint();
      if (!options_.batch_size) adapt(batch.held_for);
      if (batch.examined < limit) return;
    }
  }

  // The run's last entry, with its totals, so that the trail shows every run. Its commit is
  // synced, and with it every batch before: recording files are deleted only after this.
  void finish() {
    purge_store_->make_durable();
    const auto transaction = store_.begin_write();
    const Casework casework{report_.requests_deleted, report_.processor_tasks_deleted};
    audit(trail_, session_, report_, report_.deleted, casework,
          options_.dry_run                                         ? "dry_run"
          : report_.deleted.total() + casework.total() == 0 ? "nothing_expired"
                                                                   : "completed");
    transaction->commit();
  }

  // Closed requests and confirmed processor tasks are few (a registry office's yearly
  // hundreds), so one transaction deletes those whose retention has ended, each end computed as
  // a record's is. Tasks first: one counts from its request's closing.
  void casework() {
    const auto years = session_.policy().request_retention_years();
    std::unique_ptr<store::UnitOfWork> transaction;  // a dry run only counts, as its batches do
    if (!options_.dry_run) transaction = store_.begin_write();
    const auto tasks = store_.processor_tasks();
    for (const auto& task : tasks->confirmed()) {
      const auto end = task_retention_end(task, years);
      if (!end || *end > options_.as_of) continue;
      if (!options_.dry_run) tasks->remove(task.id);
      ++report_.processor_tasks_deleted;
    }
    const auto requests = store_.request_store();
    for (const auto& [id, closed_at] : requests->closed()) {
      if (add_years(closed_at, years) > options_.as_of) continue;
      if (!options_.dry_run) requests->remove(id);
      ++report_.requests_deleted;
    }
    const Casework casework{report_.requests_deleted, report_.processor_tasks_deleted};
    if (!options_.dry_run && casework.total() > 0) {
      store_.mark_scrub_needed();
      audit(trail_, session_, report_, {}, casework, "purged");
    }
    if (transaction) transaction->commit();
  }

  std::optional<Timestamp> next_expiry() {
    std::optional<Timestamp> next;
    const auto years = session_.policy().request_retention_years();
    const auto later = [&](std::optional<Timestamp> end) {
      if (end && *end > options_.as_of) next = next ? std::min(*next, *end) : *end;
    };
    for (const auto& [id, closed_at] : store_.request_store()->closed()) {
      later(add_years(closed_at, years));
    }
    for (const auto& task : store_.processor_tasks()->confirmed()) {
      later(task_retention_end(task, years));
    }
    for (const auto step : store::kPurgeSteps) {
      const auto expiry = purge_store_->next_expiry(step);
      if (expiry) next = next ? std::min(*next, *expiry) : *expiry;
    }
    return next;
  }

 private:
  // Halves a batch that held the lock past the target, grows one well under it by a quarter:
  // the cost of a record varies by category and by register, the clerks' wait should not.
  void adapt(std::chrono::microseconds held_for) {
    if (held_for > kTargetLock) batch_size_ = std::max(batch_size_ / 2, kSmallestBatch);
    if (held_for < kTargetLock / 2) {
      batch_size_ = std::min(batch_size_ + batch_size_ / 4, kLargestBatch);
    }
  }

  struct Batch {
    std::size_t examined = 0;
    std::int64_t last_row = 0;
    std::chrono::microseconds held_for{0};
  };

  // Finds outside the write lock, then checks and deletes under it, with the batch's audit
  // entry. A dry run's batches only find and count, without the write lock.
  Batch one_batch(store::PurgeStep step, std::int64_t after, std::size_t limit) {
    const auto found = purge_store_->find(step, after, limit);
    Batch batch{found.examined, found.last_row, {}};
    CategoryCounts deleted{};
    if (options_.dry_run) {
      deleted = purge_store_->remove(step, found.purgeable, true);
    } else if (!found.purgeable.empty()) {
      const auto transaction = store_.begin_write();
      const auto locked_at = Clock::now();
      deleted = purge_store_->remove(step, found.purgeable, false);
      if (deleted.total() > 0) audit(trail_, session_, report_, deleted, {}, "purged");
      transaction->commit();
      batch.held_for =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - locked_at);
    }
    report_.longest_lock = std::max(report_.longest_lock, batch.held_for);
    ++report_.batches;
    report_.deleted += deleted;
    report_.held += found.held;
    if (options_.progress) options_.progress(report_.deleted.total());
    return batch;
  }

  store::Store& store_;
  const Session& session_;
  const PurgeOptions& options_;
  PurgeReport& report_;
  std::unique_ptr<store::PurgeStore> purge_store_;
  audit::Trail trail_;
  std::size_t batch_size_ = options_.batch_size.value_or(kFirstBatch);
};

}  // namespace

PurgeReport purge(store::Store& store, const Session& session, const PurgeOptions& options) {
  if (options.batch_size && (*options.batch_size < 1 || *options.batch_size > 100000)) {
    throw InvalidInput("--batch-size: must be from 1 to 100000");
  }
  // A typo in a cron line must not delete years of records early.
  if (!options.dry_run && options.as_of > session.now()) {
    throw InvalidInput("--as-of: later than now; only a --dry-run may look ahead");
  }
  // A dry run deletes nothing (it records one audit entry), so it may run beside a purge,
  // and must not make an erase leave its VACUUM to a purge that is only counting.
  std::optional<store::PurgeLock> lock;
  if (!options.dry_run) lock.emplace(store.path());
  PurgeReport report;
  report.as_of = options.as_of;
  report.dry_run = options.dry_run;
  const auto started = Clock::now();
  Run run(store, session, options, report);
  for (const auto step : store::kPurgeSteps) run.step(step);
  run.casework();
  run.finish();
  report.next_expiry = run.next_expiry();
  const auto deleted = Clock::now();
  if (!options.dry_run) {
    const auto first = store.finish_pending_work(store::Finish::everything);
    // An erase that committed while this purge held its lock left its VACUUM to it, perhaps
    // after the one above: look again once the lock is released, when no erase defers any more.
    lock.reset();
    report.pending = store.finish_pending_work(store::Finish::everything);
    report.pending.files_deleted += first.files_deleted;
  }
  report.deleting = std::chrono::duration_cast<std::chrono::milliseconds>(deleted - started);
  report.finishing = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - deleted);
  return report;
}

void throw_if_incomplete(const PurgeReport& report) {
  store::throw_if_unfinished(
      report.pending,
      {.disk_full = "purged, but the disk is full or failed, so the deleted content is not yet "
                    "out of every file of the register; the next erase or purge finishes that "
                    "when there is room",
       .busy = "purged, but the deleted content is not yet out of every file of the register "
               "(it was busy); the next erase or purge finishes that"});
}

nlohmann::json to_json(const PurgeReport& report) {
  return {
      {"as_of", format_timestamp(report.as_of)},
      {"dry_run", report.dry_run},
      {"deleted", counts_json(report.deleted)},
      {"held", counts_json(report.held)},
      {"requests_deleted", report.requests_deleted},
      {"processor_tasks_deleted", report.processor_tasks_deleted},
      {"next_expiry", report.next_expiry ? nlohmann::json(format_timestamp(*report.next_expiry))
                                         : nlohmann::json(nullptr)},
      {"batches", report.batches},
      {"longest_lock_ms", static_cast<double>(report.longest_lock.count()) / 1000.0},
      {"seconds",
       {{"deleting", static_cast<double>(report.deleting.count()) / 1000.0},
        {"finishing", static_cast<double>(report.finishing.count()) / 1000.0}}},
      {"recording_files",
       {{"deleted", report.pending.files_deleted}, {"left", report.pending.files_left}}},
      {"scrubbed", !report.dry_run && !report.pending.scrub_pending && !report.pending.unfinished}};
}

std::string render_text(const PurgeReport& report, const ReportContext&) {
  std::string out =
      fmt::format("purge as of {}: {} {} record(s): {}\n", format_timestamp(report.as_of),
                  report.dry_run ? "would delete" : "deleted", report.deleted.total(),
                  counts_text(report.deleted));
  out += fmt::format("closed data-subject requests past their retention: {} {}\n",
                     report.requests_deleted, report.dry_run ? "would be deleted" : "deleted");
  out += fmt::format("confirmed processor tasks past their retention: {} {}\n",
                     report.processor_tasks_deleted,
                     report.dry_run ? "would be deleted" : "deleted");
  out += fmt::format(
      "kept past their own period (restricted, open complaint, or records of theirs kept): {}\n",
      counts_text(report.held));
  out += fmt::format("next expiry: {}\n", report.next_expiry ? format_timestamp(*report.next_expiry)
                                                             : std::string("none"));
  out += fmt::format(
      "{} batch(es) in {:.1f} s, longest write lock {:.1f} ms; files, VACUUM and checkpoint "
      "{:.1f} s\n",
      report.batches, static_cast<double>(report.deleting.count()) / 1000.0,
      static_cast<double>(report.longest_lock.count()) / 1000.0,
      static_cast<double>(report.finishing.count()) / 1000.0);
  if (report.pending.files_deleted + report.pending.files_left > 0) {
    out += fmt::format("recording files deleted (or already gone): {}, left: {}\n",
                       report.pending.files_deleted, report.pending.files_left);
  }
  if (report.pending.scrub_pending || report.pending.unfinished) {
    out +=
        "NOT YET DONE: the register was busy, so deleted content may still be in unused "
        "space of the file or in its write-ahead log; the next erase or purge removes it\n";
  }
  return out;
}

}  // namespace oulu10::retention

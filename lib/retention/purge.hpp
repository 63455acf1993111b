#pragma once
// `purge`: deletes what the notice's retention rules say has expired, for cron. Batches are
// short transactions of their own, each with its audit entry, so clerks' commands never wait
// long and a purge stopped at any point (kill -9 included) leaves a consistent register that
// the next run continues. Held records stay: restricted ones, those an open complaint
// concerns, a customer while records of theirs remain.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/time.hpp"
#include "policy/report_context.hpp"
#include "session/session.hpp"
#include "store/pending_work.hpp"
#include "store/purge_store.hpp"

namespace oulu10::retention {

inline constexpr std::chrono::milliseconds kTargetLock{40};

struct PurgeOptions {
  Timestamp as_of;
  bool dry_run = false;
  // Records looked at per transaction; nullopt: adapted after every batch so that a batch
  // holds the write lock for about kTargetLock, as many records as the register allows.
  std::optional<std::size_t> batch_size;
  // Called after each batch with the records deleted so far, for a progress line.
  std::function<void(std::size_t deleted)> progress;
};

struct PurgeReport {
  Timestamp as_of;
  bool dry_run = false;
  CategoryCounts deleted{};              // or, with dry_run, that would be
  CategoryCounts held{};                 // period ended, but held
  std::size_t requests_deleted = 0;      // closed data-subject requests past their retention
  std::size_t processor_tasks_deleted = 0;  // confirmed processor tasks past their retention
  std::optional<Timestamp> next_expiry;  // the next time a record's period ends
  std::size_t batches = 0;
  std::chrono::microseconds longest_lock{0};  // longest time a batch held the write lock
  // Wall time of the batches, and of what follows them: recording files, VACUUM, checkpoint.
  std::chrono::milliseconds deleting{0};
  std::chrono::milliseconds finishing{0};
  store::PendingWork pending;
};

// RegisterBusy when another purge is running; InvalidInput for a batch size outside 1 to
// 100000.
PurgeReport purge(store::Store& store, const Session& session, const PurgeOptions& options);

// After the report is shown: IoFailure when recording files could not be deleted,
// RegisterBusy when the deleted content could not yet be scrubbed from every file.
void throw_if_incomplete(const PurgeReport& report);

nlohmann::json to_json(const PurgeReport& report);  // schemas/purge.schema.json
std::string render_text(const PurgeReport& report, const ReportContext& context);

}  // namespace oulu10::retention

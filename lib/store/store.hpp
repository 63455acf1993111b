#pragma once
// The store: where the register's records, requests and audit trail are kept, behind an
// interface, so that the domain (rights, retention, requests, audit, intake, demo) never
// names the engine. SQLite (store/sqlite/) is the one engine today; `open` and `initialise`
// are where another would be chosen.
//
// A Store hands out its repositories, each an interface of its own header in this folder;
// they work inside the caller's unit of work and prepare their statements once, so one
// repository serves a whole bulk run.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/time.hpp"
#include "model/category.hpp"
#include "store/pending_work.hpp"

namespace oulu10 {
struct ReportContext;  // policy/report_context.hpp: this layer does not include the policy
}  // namespace oulu10

namespace oulu10::store {

class AuditLog;
class ConsentUpdate;
class CustomerUpdate;
class Eraser;
class JournalCopy;
class Objections;
class ProcessorTasks;
class PurgeStore;
class RecordWriter;
class RecordsByKey;
class RequestStore;
class Restrictions;
class SubjectReader;
struct PurgeRules;
struct SurveyCall;

struct Settings {
  std::filesystem::path path;
  std::chrono::milliseconds busy_timeout{10000};
  // Where calls' recording files are: a call's `recording` is a path relative to it, and
  // nothing outside it is ever deleted. Empty: "recordings" beside the register file.
  std::filesystem::path recordings{};
  // The rights journal: the erasures, restrictions, objections and consent withdrawals the
  // register has committed, kept outside it so that a restored copy can be brought up to date.
  // Empty: REGISTER.rights-journal beside the register file.
  std::filesystem::path journal{};
};

struct InitReport {
  std::filesystem::path path;
  bool created = false;
  int from_version = 0;  // 0 for a new file
  int to_version = 0;
};

// Creates the register (mode 0600) or migrates an older one forward, in one transaction.
// Refuses a file that is not a register, or one newer than this binary (RegisterUnusable).
InitReport initialise(const Settings& settings);

nlohmann::json to_json(const InitReport& report);  // schemas/init.schema.json
std::string render_text(const InitReport& report, const ReportContext& context);

// A copy of the register that passed its checks: what Store::copy_into made.
struct BackupCopy {
  std::uintmax_t bytes = 0;
  int schema_version = 0;
  CategoryCounts records;
  std::chrono::milliseconds copying{0};
  std::chrono::milliseconds checking{0};
};

// One logical operation: its writes, and its audit entry, commit together or not at all.
// Begun with the write lock taken (two writers queue on the busy timeout instead of
// deadlocking on a lock upgrade); rolled back when destroyed uncommitted.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual void commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Every unit of work writes: reads too, since they write their audit entry.
  [[nodiscard]] virtual std::unique_ptr<UnitOfWork> begin_write() = 0;

  [[nodiscard]] virtual const std::filesystem::path& path() const = 0;
  [[nodiscard]] virtual const std::filesystem::path& recordings() const = 0;
  // The rights journal's file (Settings::journal, else REGISTER.rights-journal).
  [[nodiscard]] virtual const std::filesystem::path& journal() const = 0;
  // HMAC-SHA-256 of `message` under the register's 32-byte secret, hex: every pseudonym the
  // register stores (objections, erased source ids) or reports (audit subject references).
  [[nodiscard]] virtual std::string keyed_hash(std::string_view message) = 0;

  [[nodiscard]] virtual std::unique_ptr<SubjectReader> subject_reader() = 0;
  [[nodiscard]] virtual std::unique_ptr<AuditLog> audit_log() = 0;
  [[nodiscard]] virtual std::unique_ptr<RecordWriter> record_writer() = 0;
  [[nodiscard]] virtual std::unique_ptr<Eraser> eraser() = 0;
  [[nodiscard]] virtual std::unique_ptr<CustomerUpdate> customer_update() = 0;
  [[nodiscard]] virtual std::unique_ptr<ConsentUpdate> consent_update() = 0;
  [[nodiscard]] virtual std::unique_ptr<Restrictions> restrictions() = 0;
  [[nodiscard]] virtual std::unique_ptr<Objections> objections() = 0;
  [[nodiscard]] virtual std::unique_ptr<RequestStore> request_store() = 0;
  [[nodiscard]] virtual std::unique_ptr<ProcessorTasks> processor_tasks() = 0;
  [[nodiscard]] virtual std::unique_ptr<PurgeStore> purge_store(const PurgeRules& rules) = 0;
  [[nodiscard]] virtual std::unique_ptr<JournalCopy> journal_copy() = 0;
  [[nodiscard]] virtual std::unique_ptr<RecordsByKey> records_by_key() = 0;

  // One row per number that called at or after `since`: its latest call. Left out are numbers
  // of restricted records (art. 18), calls of restricted customers, and numbers and customers
  // whose consent for `purpose` is withdrawn and not given again. Ordered by number. The
  // suppression list (objections) is checked by the caller, since it holds keyed hashes.
  [[nodiscard]] virtual std::vector<SurveyCall> survey_calls(Timestamp since,
                                                             std::string_view purpose) = 0;

  // Writes the register as it is committed now into `empty_file`, which must exist and be
  // empty, without blocking writers, and with nothing of the free pages or the unused space
  // where deleted content may linger; then checks the copy on a connection of its own (whole,
  // a register, of this schema version) and counts its records. Not inside a unit of work. A
  // copy that fails its check is IoFailure, and the caller deletes the file.
  [[nodiscard]] virtual BackupCopy copy_into(const std::filesystem::path& empty_file) = 0;

  // Runs `hook` once the unit of work now open has committed and its commit is durable: at
  // once after the commit, normally; after the next durable commit for the units a purge
  // commits without a sync (PurgeStore), so that nothing outside the register ever names a
  // change a power cut could undo. A hook registered again under the same `key` before it ran
  // replaces the earlier one: only the newest matters (the trail's newest head, say). A rolled
  // back unit drops its hooks; hooks still waiting for durability when the store is destroyed
  // are dropped too. Outside a unit of work, the write already committed: it runs at once if
  // commits are durable. Hooks must not throw. For work outside the register that must follow
  // a commit and only a commit, whatever wrote the unit: the audit trail's anchors.
  virtual void after_commit(std::string_view key, std::function<void()> hook) = 0;

  // For a deleting unit of work: finish_pending_work must scrub afterwards.
  virtual void mark_scrub_needed() = 0;

  // Finishes what committed deletions left, and never throws: the deletions are committed,
  // so what is left is reported, not raised. Unlinks pending recording files (a missing file
  // counts as deleted); then, after a deletion, rebuilds the file so that no deleted byte is
  // left in unused space; then empties the write-ahead log. Waits at most kReaderWait for
  // readers. Called after its commit by every command that changes records.
  virtual PendingWork finish_pending_work(Finish what = Finish::without_vacuum) noexcept = 0;
};

// Puts `copy` (a backup) in place of the register, checked first: the copy is copied beside
// the register (mode 0600), checked to be a sound register this binary reads
// (RegisterUnusable if not), migrated if older, and given to `accept`, which refuses it by
// throwing; only then is it renamed over the register. Nothing is replaced when anything
// refuses. RegisterBusy while another process has the register open. The register's old log
// goes with it.
void replace_register(const Settings& settings, const std::filesystem::path& copy,
                      const std::function<void(Store& staged)>& accept);

// How a record is named without its source id: the keyed hash of its type and id. Erased
// records are remembered, and the rights journal names records, by it.
std::string source_key(Store& store, Category category, std::string_view source_id);

// Which register something outside it (a rights journal's line, an anchor of the audit trail)
// belongs to, without revealing its key: 24 hex digits of a keyed hash of a fixed text.
std::string register_id(Store& store);

// Where the rights journal of the register at `settings.path` is.
std::filesystem::path journal_path(const Settings& settings);

// Opens an existing register at the current schema version; a missing file, a file that is
// not a register, an older or a newer schema are RegisterUnusable, naming what to do.
std::unique_ptr<Store> open(const Settings& settings);

}  // namespace oulu10::store

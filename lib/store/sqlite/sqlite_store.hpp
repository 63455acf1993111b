#pragma once
// The store on SQLite: one register file with a versioned schema (store/sqlite/schema.cpp).
// Opening checks that the file is a register this binary understands. Each repository's
// implementation lives in the file of its name in this folder, with its SQL; this header is
// for them, for `store::open`, and for tests that look into the file.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/keyed_hash.hpp"
#include "model/category.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace oulu10::store {

// The table that holds a category's records.
constexpr std::string_view table_name(Category category) {
  switch (category) {
    case Category::customer: return "customer";
    case Category::case_: return "case_record";
    case Category::chat: return "chat";
    case Category::call: return "call";
    case Category::sms_survey: return "sms_survey";
    case Category::consent: return "consent";
  }
  return {};
}

// The schema version this binary writes; PRAGMA user_version of the file.
int current_schema_version();

// Creates the file (mode 0600) or migrates it: what store::initialise does on SQLite.
InitReport initialise_sqlite(const Settings& settings);

// Puts a copy of a register in place of the register: what store::replace_register does.
void replace_register_sqlite(const Settings& settings, const std::filesystem::path& copy,
                             const std::function<void(Store& staged)>& accept);

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const Settings& settings);

  [[nodiscard]] sqlite::Connection& connection() noexcept { return db_; }

  [[nodiscard]] std::unique_ptr<UnitOfWork> begin_write() override;
  [[nodiscard]] const std::filesystem::path& path() const override { return db_.path(); }
  [[nodiscard]] const std::filesystem::path& recordings() const override { return recordings_; }
  [[nodiscard]] const std::filesystem::path& journal() const override { return journal_; }
  [[nodiscard]] std::string keyed_hash(std::string_view message) override;

  [[nodiscard]] std::unique_ptr<SubjectReader> subject_reader() override;
  [[nodiscard]] std::unique_ptr<AuditLog> audit_log() override;
  [[nodiscard]] std::unique_ptr<RecordWriter> record_writer() override;
  [[nodiscard]] std::unique_ptr<Eraser> eraser() override;
  [[nodiscard]] std::unique_ptr<CustomerUpdate> customer_update() override;
  [[nodiscard]] std::unique_ptr<ConsentUpdate> consent_update() override;
  [[nodiscard]] std::unique_ptr<Restrictions> restrictions() override;
  [[nodiscard]] std::unique_ptr<Objections> objections() override;
  [[nodiscard]] std::unique_ptr<RequestStore> request_store() override;
  [[nodiscard]] std::unique_ptr<ProcessorTasks> processor_tasks() override;
  [[nodiscard]] std::unique_ptr<PurgeStore> purge_store(const PurgeRules& rules) override;
  [[nodiscard]] std::unique_ptr<JournalCopy> journal_copy() override;
  [[nodiscard]] std::unique_ptr<RecordsByKey> records_by_key() override;
  [[nodiscard]] std::vector<SurveyCall> survey_calls(Timestamp since,
                                                     std::string_view purpose) override;
  [[nodiscard]] BackupCopy copy_into(const std::filesystem::path& empty_file) override;
  void after_commit(std::string_view key, std::function<void()> hook) override;
  void mark_scrub_needed() override;
  PendingWork finish_pending_work(Finish what) noexcept override;

 private:
  sqlite::Connection db_;
  std::filesystem::path recordings_;
  std::filesystem::path journal_;
  std::unique_ptr<KeyedHash> keyed_hash_;  // keyed once, on first use
};

// Whether import must skip a record because it was erased.
class ErasedSources {
 public:
  explicit ErasedSources(SqliteStore& store);
  bool contains(Category category, std::string_view source_id);

 private:
  SqliteStore& store_;
  bool any_ = false;  // most registers never erased anything: no hashing on their imports
  sqlite::Statement find_;
};

}  // namespace oulu10::store

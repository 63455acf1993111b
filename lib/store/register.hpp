#pragma once
// The register file: a SQLite database with a versioned schema. Opening checks that the file is
// a register this binary understands; `initialise` creates one (mode 0600) or migrates it.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/keyed_hash.hpp"
#include "store/sqlite/connection.hpp"

namespace oulu10 {
struct ReportContext;  // policy/report_context.hpp: this layer does not include the policy
}  // namespace oulu10

namespace oulu10::store {

// The schema version this binary writes; PRAGMA user_version of the file.
int current_schema_version();

struct InitReport {
  std::filesystem::path path;
  bool created = false;
  int from_version = 0;  // 0 for a new file
  int to_version = 0;
};

struct Settings {
  std::filesystem::path path;
  std::chrono::milliseconds busy_timeout{10000};
  // Where calls' recording files are: a call's `recording` is a path relative to it, and
  // nothing outside it is ever deleted. Empty: "recordings" beside the register file.
  std::filesystem::path recordings{};
};

// Creates the register (mode 0600) or migrates an older one forward, in one transaction.
// Refuses a file that is not a register, or one newer than this binary (RegisterUnusable).
InitReport initialise(const Settings& settings);

nlohmann::json to_json(const InitReport& report);  // schemas/init.schema.json
std::string render_text(const InitReport& report, const ReportContext& context);

class Register {
 public:
  // Opens an existing register at the current schema version; a missing file, a file that is
  // not a register, an older or a newer schema are RegisterUnusable, naming what to do.
  explicit Register(const Settings& settings);

  [[nodiscard]] sqlite::Connection& connection() noexcept { return db_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return db_.path(); }
  [[nodiscard]] const std::filesystem::path& recordings() const noexcept { return recordings_; }
  // HMAC-SHA-256 of `message` under the register's 32-byte secret, hex: every pseudonym the
  // register stores (objections, erased source ids) or reports (audit subject references).
  // Keyed once, on first use.
  [[nodiscard]] std::string keyed_hash(std::string_view message);

 private:
  sqlite::Connection db_;
  std::filesystem::path recordings_;
  std::unique_ptr<KeyedHash> keyed_hash_;
};

}  // namespace oulu10::store

#pragma once
// What every subcommand needs before it touches the register: which register, which policy,
// who is acting and what time it is. Resolved once, from options and the environment.
#include <filesystem>
#include <optional>
#include <string>

#include "core/os_identity.hpp"
#include "core/time.hpp"
#include "policy/policy.hpp"
#include "store/store.hpp"

namespace oulu10 {

struct SessionOptions {
  std::optional<std::string> db;           // --db
  std::optional<std::string> actor;        // --actor
  std::optional<std::string> policy_file;  // --policy
  std::optional<std::string> journal;      // --journal
  std::optional<std::string> anchor;       // --anchor
  // The site's configuration file; unset: the one this build reads (site_config_path). The
  // command line never sets it: those the file restrains must not choose another.
  std::optional<std::filesystem::path> site_config = std::nullopt;
};

// Four eyes on erase: whether an erase needs an erasure request that another account approved,
// and which setting says so.
struct EraseApproval {
  bool required = false;
  std::string required_by;  // "OULU10_GDPR_ERASE_APPROVAL=required", or the site file's line
};

// Where the register is when neither --db nor OULU10_GDPR_DB says.
inline constexpr const char* kDefaultRegisterPath = "/var/lib/oulu10-gdpr/register.db";

class Session {
 public:
  // Resolves --db, else OULU10_GDPR_DB, else kDefaultRegisterPath; --actor, else the login
  // name; --policy, else the embedded notice; the clock (OULU10_GDPR_NOW); and the busy
  // timeout (OULU10_GDPR_BUSY_TIMEOUT_MS); the recordings directory (OULU10_GDPR_RECORDINGS,
  // else "recordings" beside the register); the rights journal (--journal, else
  // OULU10_GDPR_JOURNAL, else REGISTER.rights-journal); the anchor file (--anchor, else
  // OULU10_GDPR_ANCHOR, else none); whether erase needs an approval (required when
  // OULU10_GDPR_ERASE_APPROVAL or the site file says so: either may require it, neither can lift
  // what the other requires). Bad values are InvalidInput naming the source.
  explicit Session(const SessionOptions& options);
  Session(const Session&) = delete;  // policy_ may point into this object
  Session& operator=(const Session&) = delete;

  [[nodiscard]] const policy::Policy& policy() const noexcept { return *policy_; }
  [[nodiscard]] const store::Settings& register_settings() const noexcept { return settings_; }
  [[nodiscard]] const std::string& actor() const noexcept { return actor_; }
  // The operating-system account that runs the command (and the one that invoked sudo).
  [[nodiscard]] const OsIdentity& identity() const noexcept { return identity_; }
  [[nodiscard]] Timestamp now() const noexcept { return now_; }
  [[nodiscard]] const EraseApproval& erase_approval() const noexcept { return erase_approval_; }
  // Where the audit trail's new heads are appended besides the system log (audit/anchor.hpp);
  // nullopt when nothing names a file.
  [[nodiscard]] const std::optional<std::filesystem::path>& anchor_file() const noexcept {
    return anchor_file_;
  }

 private:
  std::optional<policy::Policy> loaded_policy_;
  const policy::Policy* policy_;
  store::Settings settings_;
  std::string actor_;
  OsIdentity identity_;
  Timestamp now_;
  EraseApproval erase_approval_;
  std::optional<std::filesystem::path> anchor_file_;
};

}  // namespace oulu10

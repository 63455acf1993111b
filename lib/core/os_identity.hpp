#pragma once
// Who really runs a command, as the operating system vouches for it: the account of the real
// user id, and, when the command runs through sudo, the account that invoked sudo. The audit
// trail records both inside each entry's hash, beside the --actor a clerk may name.
#include <cstdint>
#include <optional>
#include <string>

namespace oulu10 {

struct OsIdentity {
  std::string user;                      // the real user id's account name, else "uid:N"
  std::optional<std::string> sudo_user;  // SUDO_USER, when it is an account name
  std::optional<std::int64_t> sudo_uid;  // SUDO_UID, when it is a number
};

// The identity of this process, read once per call from getuid(3), getpwuid_r(3) and the
// environment sudo(8) sets. Values that are not what sudo writes are left out, never trusted in
// part.
OsIdentity os_identity();

}  // namespace oulu10

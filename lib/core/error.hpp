#pragma once
// Errors are layered as in ccache: parsing and validation below return Expected<T> (a value or
// the reason it was refused); the domain layer turns a refusal into one of these typed
// exceptions, and the CLI catches them once, at the top, and maps them to the exit code.
#include <stdexcept>
#include <string>

namespace oulu10 {

// The documented exit codes of every subcommand (see man/oulu10-gdpr.1).
enum class ExitCode : int {
  success = 0,
  no_match = 1,           // nothing matched the given subject, like grep
  invalid_input = 2,      // usage error or invalid input; nothing was changed
  audit_broken = 3,       // audit verify: an entry was changed, removed or reordered
  register_unusable = 4,  // missing, not a register, corrupt, or newer than this binary
  records_kept = 5,       // erase: done, but records the law keeps were kept (listed)
  internal_failure = 70,  // a bug: an unexpected failure inside the toolkit (EX_SOFTWARE)
  io_failure = 74,        // the disk is full or failed (EX_IOERR)
  register_busy = 75,     // locked past the busy timeout (EX_TEMPFAIL): cron may retry
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

struct InvalidInput : Error {
  explicit InvalidInput(const std::string& message) : Error(ExitCode::invalid_input, message) {}
};
struct NoMatch : Error {
  explicit NoMatch(const std::string& message) : Error(ExitCode::no_match, message) {}
};
struct RegisterUnusable : Error {
  explicit RegisterUnusable(const std::string& message)
      : Error(ExitCode::register_unusable, message) {}
};
struct RecordsKept : Error {
  explicit RecordsKept(const std::string& message) : Error(ExitCode::records_kept, message) {}
};
struct IoFailure : Error {
  explicit IoFailure(const std::string& message) : Error(ExitCode::io_failure, message) {}
};
struct RegisterBusy : Error {
  explicit RegisterBusy(const std::string& message) : Error(ExitCode::register_busy, message) {}
};

}  // namespace oulu10

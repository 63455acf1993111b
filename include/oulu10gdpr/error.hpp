#pragma once
// Part of liboulu10gdpr's public interface: the errors every library function may throw.
// Errors are layered as in ccache: parsing and validation below return a value or the reason it
// was refused; the domain layer turns a refusal into one of these typed exceptions, and a
// caller (the oulu10-gdpr command line, or a program of yours) catches them once, at the top.
#include <stdexcept>
#include <string>

namespace oulu10 {

// What went wrong, as the command line's exit codes (see oulu10-gdpr(1)).
enum class ExitCode : int {
  success = 0,
  no_match = 1,           // nothing matched the given subject, like grep
  invalid_input = 2,      // usage error or invalid input; nothing was changed
  audit_broken = 3,       // audit verify: an entry was changed, removed or reordered
  register_unusable = 4,  // missing, not a register, corrupt, or newer than this library
  records_kept = 5,       // erase: done, but records the law keeps were kept (listed)
  register_restored = 6,  // the register is older than its rights journal: restore --replay
  journal_unusable = 7,   // the rights journal is another register's, or damaged
  review_needed = 8,      // inspect: the reply holds other people's identifiers (listed)
  internal_failure = 70,  // a bug: an unexpected failure inside the toolkit (EX_SOFTWARE)
  io_failure = 74,        // the disk is full or failed (EX_IOERR)
  register_busy = 75,     // locked past the busy timeout (EX_TEMPFAIL): retry later
};

// Every error the library throws on purpose; what() is one line naming what is wrong.
class Error : public std::runtime_error {
 public:
  // An error with its exit code and its one-line message.
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  // The exit code the command line gives this error.
  [[nodiscard]] ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

// Invalid input or usage; nothing was changed.
struct InvalidInput : Error {
  explicit InvalidInput(const std::string& message) : Error(ExitCode::invalid_input, message) {}
};
// Nothing matched the given subject or id.
struct NoMatch : Error {
  explicit NoMatch(const std::string& message) : Error(ExitCode::no_match, message) {}
};
// The register is missing, not a register, corrupt, or of another schema version.
struct RegisterUnusable : Error {
  explicit RegisterUnusable(const std::string& message)
      : Error(ExitCode::register_unusable, message) {}
};
// An erasure kept records the law keeps.
struct RecordsKept : Error {
  explicit RecordsKept(const std::string& message) : Error(ExitCode::records_kept, message) {}
};
// The register was restored from a copy older than its rights journal.
struct RegisterRestored : Error {
  explicit RegisterRestored(const std::string& message)
      : Error(ExitCode::register_restored, message) {}
};
// The rights journal belongs to another register (another key), or a line in it is damaged.
struct JournalUnusable : Error {
  explicit JournalUnusable(const std::string& message)
      : Error(ExitCode::journal_unusable, message) {}
};
// The access reply's free text holds identifiers of other people that were not redacted.
struct ReviewNeeded : Error {
  explicit ReviewNeeded(const std::string& message) : Error(ExitCode::review_needed, message) {}
};
// The disk is full or failed.
struct IoFailure : Error {
  explicit IoFailure(const std::string& message) : Error(ExitCode::io_failure, message) {}
};
// The register stayed locked past the busy timeout.
struct RegisterBusy : Error {
  explicit RegisterBusy(const std::string& message) : Error(ExitCode::register_busy, message) {}
};

}  // namespace oulu10

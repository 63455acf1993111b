#include "recovery/backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "core/file_descriptor.hpp"
#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/audit_entry.hpp"

namespace oulu10::recovery {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(std::string_view what, const fs::path& file) {
  throw IoFailure(fmt::format("cannot {} {}: {}", what, file.string(), std::strerror(errno)));
}

fs::path directory_of(const fs::path& file) {
  return file.has_parent_path() ? file.parent_path() : fs::path(".");
}

InvalidInput already_exists(const fs::path& destination) {
  return InvalidInput(fmt::format("{} already exists; backup never replaces a file, name a new one",
                                  destination.string()));
}

// A log or journal left beside the name, from another database once called so: SQLite would
// apply it to the copy the first time the copy is opened.
void check_no_leftover_log(const fs::path& destination) {
  for (const char* suffix : {"-wal", "-journal"}) {
    const auto leftover = destination.string() + suffix;
    struct stat info {};
    if (::lstat(leftover.c_str(), &info) == 0) {
      throw InvalidInput(
          fmt::format("{} exists, and SQLite would apply it to a copy named {}: remove it, or name "
                      "another copy",
                      leftover, destination.string()));
    }
  }
}

// Before anything is written: the name is free, and its directory is there.
void check_destination(const fs::path& destination) {
  if (destination.empty()) throw InvalidInput("the name of the copy is empty");
  struct stat info {};
  if (::lstat(destination.c_str(), &info) == 0) throw already_exists(destination);
  if (errno != ENOENT && errno != ENOTDIR) fail("look at", destination);
  check_no_leftover_log(destination);
  const auto directory = directory_of(destination);
  const bool found = ::stat(directory.c_str(), &info) == 0;
  if (!found && errno != ENOENT && errno != ENOTDIR) fail("look at", directory);
  if (!found || !S_ISDIR(info.st_mode)) {
    throw InvalidInput(fmt::format("there is no directory {} to write the copy {} in",
                                   directory.string(), destination.string()));
  }
}

// The copy's file, under a temporary name beside the destination until it has its name; while
// the backup can still fail, a failure removes it, so that no copy is left that the command did
// not report.
class PendingCopy {
 public:
  explicit PendingCopy(const fs::path& destination);
  PendingCopy(const PendingCopy&) = delete;
  PendingCopy& operator=(const PendingCopy&) = delete;
  ~PendingCopy();

  [[nodiscard]] const fs::path& path() const noexcept { return temporary_; }
  void sync();
  // Gives the copy the destination's name, never over a file, and syncs the directory.
  void place();
  // The backup succeeded: the copy stays.
  void keep() noexcept { kept_ = true; }

 private:
  void remove_placed() const noexcept;
  void remove_temporary() const noexcept;

  fs::path destination_;
  fs::path temporary_;
  int fd_ = -1;
  bool placed_ = false;
  bool kept_ = false;
};

// mkostemp opens the new name as open(O_CREAT | O_EXCL, 0600) would: a file no one else made,
// private from its first byte. VACUUM INTO accepts it since it is empty.
PendingCopy::PendingCopy(const fs::path& destination) : destination_(destination) {
  std::string name = destination_.string() + ".tmp-XXXXXX";
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) fail("create a file in", directory_of(destination_));
  temporary_ = name;
}

PendingCopy::~PendingCopy() {
  if (!placed_) {
    remove_temporary();
  } else if (!kept_) {
    remove_placed();
  }
  ::close(fd_);
}

// SQLite removes its journal and log beside the copy when it closes the copy, but a failure
// halfway could leave one, with pages of the register in it.
void PendingCopy::remove_temporary() const noexcept {
  ::unlink(temporary_.c_str());
  for (const char* suffix : {"-journal", "-wal", "-shm"}) {
    ::unlink((temporary_.string() + suffix).c_str());
  }
}

// Only if the name is still this copy's: never a file someone put there since.
void PendingCopy::remove_placed() const noexcept {
  struct stat placed {};
  struct stat ours {};
  if (::lstat(destination_.c_str(), &placed) == 0 && ::fstat(fd_, &ours) == 0 &&
      placed.st_dev == ours.st_dev && placed.st_ino == ours.st_ino) {
    ::unlink(destination_.c_str());
  }
}

// SQLite does not sync a VACUUM INTO's output: the copy must be on the disk before it has a
// name that says it is a backup.
void PendingCopy::sync() {
  if (::fsync(fd_) != 0) fail("sync", temporary_);
}

void PendingCopy::place() {
  if (::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, destination_.c_str(), RENAME_NOREPLACE) !=
      0) {
    // A file system without RENAME_NOREPLACE (NFS, for one): a hard link never replaces either.
    const bool unsupported = errno == EINVAL || errno == ENOSYS;
    if (!unsupported || ::link(temporary_.c_str(), destination_.c_str()) != 0) {
      if (errno == EEXIST) throw already_exists(destination_);  // made since the check
      fail("give the copy the name", destination_);
    }
    ::unlink(temporary_.c_str());  // a second name left would only be untidy: it is the copy
  }
  placed_ = true;
  if (!sync_directory_of(destination_)) fail("sync the directory", directory_of(destination_));
}

// In a transaction of its own, once the copy has its name: so the copy never holds it.
void record(store::Store& store, const Session& session, const store::BackupCopy& copy) {
  const auto transaction = store.begin_write();
  audit::Trail trail(store, session);
  rights::append_audit_entry(trail, session, commands::backup, std::nullopt, nullptr,
                             {{"bytes", copy.bytes},
                              {"schema_version", copy.schema_version},
                              {"records", counts_json(copy.records)}},
                             "copied");
  transaction->commit();
}

double seconds(std::chrono::milliseconds duration) {
  return static_cast<double>(duration.count()) / 1000.0;
}

}  // namespace

BackupReport backup(store::Store& store, const Session& session, const fs::path& destination) {
  const auto started = Clock::now();
  check_destination(destination);
  PendingCopy pending(destination);
  BackupReport report{.destination = destination, .copy = store.copy_into(pending.path())};
  pending.sync();
  pending.place();
  record(store, session, report.copy);
  pending.keep();
  report.total = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  return report;
}

nlohmann::json to_json(const BackupReport& report) {
  return {{"destination", report.destination.string()},
          {"bytes", report.copy.bytes},
          {"schema_version", report.copy.schema_version},
          {"records", counts_json(report.copy.records)},
          {"seconds",
           {{"copying", seconds(report.copy.copying)},
            {"checking", seconds(report.copy.checking)},
            {"total", seconds(report.total)}}}};
}

std::string render_text(const BackupReport& report, const ReportContext&) {
  return fmt::format(
      "copied the register to {}: {} bytes, schema version {}, integrity check passed\n"
      "records: {}\n"
      "in {:.1f} s: copying {:.1f} s, checking {:.1f} s\n",
      report.destination.string(), report.copy.bytes, report.copy.schema_version,
      counts_text(report.copy.records), seconds(report.total), seconds(report.copy.copying),
      seconds(report.copy.checking));
}

}  // namespace oulu10::recovery

// Putting a copy of a register in place of the register: what `restore BACKUP` does first.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "core/file_descriptor.hpp"
#include "oulu10gdpr/error.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(std::string_view doing, const fs::path& path) {
  throw IoFailure(fmt::format("cannot {} {}: {}", doing, path.string(), std::strerror(errno)));
}

// The copy beside the register, private from its first byte, until it is checked and renamed.
class Staged {
 public:
  explicit Staged(const fs::path& target) : path_(target.string() + ".restoring-XXXXXX") {
    std::string name = path_.string();
    fd_ = ::mkstemp(name.data());  // mode 0600
    if (fd_ < 0) fail("create a file beside", target);
    path_ = name;
  }
  ~Staged() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) {
      std::error_code ignored;
      for (const auto* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ignored);
    }
  }
  Staged(const Staged&) = delete;
  Staged& operator=(const Staged&) = delete;

  void fill_from(const fs::path& source) {
    const FileDescriptor in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in.is_open()) fail("read the copy", source);
    std::vector<char> buffer(1 << 20);
    for (;;) {
      const auto got = ::read(in.get(), buffer.data(), buffer.size());
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) fail("read the copy", source);
      if (got == 0) break;
      for (ssize_t done = 0; done < got;) {
        const auto written = ::write(fd_, buffer.data() + done, static_cast<size_t>(got - done));
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) fail("write", path_);
        done += written;
      }
    }
    if (::fsync(fd_) != 0) fail("sync", path_);
    ::close(fd_);
    fd_ = -1;
  }

  void move_to(const fs::path& target) {
    if (::rename(path_.c_str(), target.c_str()) != 0) fail("put the copy in place of", target);
    kept_ = true;
  }

  [[nodiscard]] const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
  int fd_ = -1;
  bool kept_ = false;
};

// A copy that is not a sound register of a schema this binary reads is refused before it
// replaces anything.
void check_copy(const fs::path& staged, const fs::path& source) {
  try {
    sqlite::Connection db(staged, std::chrono::milliseconds{0});
    sqlite::Statement application(db, "PRAGMA application_id");
    sqlite::Statement version(db, "PRAGMA user_version");
    if (!application.step() || application.int64(0) != kApplicationId || !version.step() ||
        version.int64(0) > current_schema_version()) {
      throw RegisterUnusable("");
    }
    sqlite::Statement check(db, "PRAGMA quick_check");
    if (!check.step() || check.text(0) != "ok") throw RegisterUnusable("");
  } catch (const RegisterUnusable&) {
    throw RegisterUnusable(
        fmt::format("{} is not a sound copy of a register this binary reads; nothing was replaced",
                    source.string()));
  }
}

// In WAL mode every open connection holds a shared lock on the file for as long as it is open,
// so an exclusive lock is granted only to the one user of it.
void refuse_if_open_elsewhere(const fs::path& path) {
  if (!fs::exists(path)) return;
  try {
    sqlite::Connection db(path, std::chrono::milliseconds{0});
    db.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT");
  } catch (const RegisterBusy&) {
    throw RegisterBusy(
        fmt::format("another process has the register {} open; stop it (and the timers that start "
                    "oulu10-gdpr) and restore again",
                    path.string()));
  } catch (const RegisterUnusable&) {
    // A damaged register is what a restore replaces.
  }
}

}  // namespace

void replace_register_sqlite(const Settings& settings, const fs::path& copy,
                             const std::function<void(Store& staged)>& accept) {
  if (!fs::is_regular_file(copy)) {
    throw InvalidInput(fmt::format("{}: no such file", copy.string()));
  }
  // A copy of a register in use may have committed changes in its log; copying the file alone
  // would drop them.
  std::error_code no_log;
  if (fs::file_size(copy.string() + "-wal", no_log) > 0 && !no_log) {
    throw InvalidInput(fmt::format(
        "{}-wal holds changes the copy lacks; copy register and log together only from a "
        "stopped register, or make copies with 'oulu10-gdpr backup'",
        copy.string()));
  }
  Staged staged(settings.path);
  staged.fill_from(copy);
  check_copy(staged.path(), copy);
  Settings staged_settings = settings;
  staged_settings.path = staged.path();
  staged_settings.journal = journal_path(settings);
  {
    // A copy of an older schema is migrated, and any copy (VACUUM INTO makes them in rollback
    // mode) is put in write-ahead-log mode, whose lasting lock the next restore relies on.
    initialise_sqlite(staged_settings);
    sqlite::Connection db(staged.path(), settings.busy_timeout);
    db.exec("PRAGMA journal_mode = WAL");
  }
  {
    SqliteStore staged_store(staged_settings);
    accept(staged_store);
  }
  refuse_if_open_elsewhere(settings.path);
  // The old register's log and shared memory would be read as the copy's.
  for (const auto* suffix : {"-wal", "-shm"}) {
    std::error_code ignored;
    fs::remove(settings.path.string() + suffix, ignored);
  }
  staged.move_to(settings.path);
  if (!sync_directory_of(settings.path)) fail("sync the directory of", settings.path);
}

}  // namespace oulu10::store

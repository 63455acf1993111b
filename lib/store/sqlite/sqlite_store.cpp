#include "store/sqlite/sqlite_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"
#include "store/sqlite/schema.hpp"

namespace oulu10::store {
namespace {

namespace fs = std::filesystem;

// Settings every connection needs: several processes (clerks, cron, bulk exports) share one
// file, erased bytes must not linger in free pages, and links must hold. A 16 MiB page cache
// (SQLite's default is 2 MiB) makes bulk writes about 15% faster on a large register while
// keeping a process small.
void configure(sqlite::Connection& db) {
  db.exec(
      "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA trusted_schema = OFF; PRAGMA "
      "cache_size = -16384");
}

int read_pragma(sqlite::Connection& db, std::string_view pragma) {
  sqlite::Statement query(db, fmt::format("PRAGMA {}", pragma));
  return query.step() ? static_cast<int>(query.int64(0)) : 0;
}

bool has_tables(sqlite::Connection& db) {
  sqlite::Statement query(db, "SELECT count(*) FROM sqlite_schema");
  return query.step() && query.int64(0) > 0;
}

// Creates the file with mode 0600 before SQLite opens it, so personal data is never readable
// by other users, not even for a moment. SQLite gives the WAL and shared-memory files the
// same mode. Returns false when the file already exists.
bool create_private_file(const fs::path& path) {
  if (path.has_parent_path() && !fs::exists(path.parent_path())) {
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (error) {
      throw RegisterUnusable(fmt::format("cannot create the directory {}: {}",
                                         path.parent_path().string(), error.message()));
    }
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw RegisterUnusable(
        fmt::format("cannot create the register {}: {}", path.string(), std::strerror(errno)));
  }
  ::close(fd);
  return true;
}

void check_is_register(sqlite::Connection& db, int application_id) {
  if (application_id != kApplicationId) {
    throw RegisterUnusable(fmt::format(
        "{} is not an oulu10-gdpr register (it is an SQLite database of something else)",
        db.path().string()));
  }
}

void check_not_newer(sqlite::Connection& db, int version) {
  if (version > current_schema_version()) {
    throw RegisterUnusable(fmt::format(
        "the register {} has schema version {}, newer than this binary understands ({}); "
        "use a newer oulu10-gdpr",
        db.path().string(), version, current_schema_version()));
  }
}

// Reads the version again under the write lock: two inits at once must not both migrate.
void migrate(sqlite::Connection& db) {
  sqlite::Transaction transaction(db, sqlite::Transaction::Kind::write);
  const int from_version = read_pragma(db, "user_version");
  const auto steps = migrations();
  for (auto step = static_cast<std::size_t>(from_version); step < steps.size(); ++step) {
    db.exec(steps[step]);
  }
  db.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}", kApplicationId,
                      current_schema_version()));
  transaction.commit();
}

InitReport initialise_file(const Settings& settings, bool created) {
  sqlite::Connection db(settings.path, settings.busy_timeout);
  configure(db);
  const int application_id = read_pragma(db, "application_id");
  const int version = read_pragma(db, "user_version");
  const bool blank = application_id == 0 && version == 0 && !has_tables(db);
  if (!blank) {
    check_is_register(db, application_id);
    check_not_newer(db, version);
  }
  if (blank) {
    // An empty file someone made (with touch, say) may be readable by others: a register of
    // personal data is not.
    if (!created) fs::permissions(settings.path, fs::perms::owner_read | fs::perms::owner_write);
    db.exec("PRAGMA journal_mode = WAL");
  }
  if (version < current_schema_version()) migrate(db);
  return InitReport{settings.path, created, version, current_schema_version()};
}

const fs::path& existing(const fs::path& path) {
  if (!fs::exists(path)) {
    throw RegisterUnusable(
        fmt::format("no register at {}; create one with 'oulu10-gdpr init'", path.string()));
  }
  return path;
}

}  // namespace

int current_schema_version() { return static_cast<int>(migrations().size()); }

// A file this run created and could not initialise stays behind empty: another init may have
// opened it meanwhile, so deleting it could delete that one's register. An empty file is
// finished by the next init.
InitReport initialise_sqlite(const Settings& settings) {
  return initialise_file(settings, create_private_file(settings.path));
}

SqliteStore::SqliteStore(const Settings& settings)
    : db_(existing(settings.path), settings.busy_timeout),
      recordings_(settings.recordings.empty()
                      ? fs::absolute(settings.path).parent_path() / "recordings"
                      : settings.recordings),
      journal_(journal_path(settings)) {
  configure(db_);
  check_is_register(db_, read_pragma(db_, "application_id"));
  const int version = read_pragma(db_, "user_version");
  check_not_newer(db_, version);
  if (version < current_schema_version()) {
    throw RegisterUnusable(fmt::format(
        "the register {} has schema version {}; migrate it to {} with 'oulu10-gdpr init'",
        db_.path().string(), version, current_schema_version()));
  }
}

std::string SqliteStore::keyed_hash(std::string_view message) {
  if (!keyed_hash_) {
    sqlite::Statement query(db_, "SELECT key FROM register_key WHERE id = 1");
    if (!query.step()) {
      throw RegisterUnusable("the register has no secret key; run 'oulu10-gdpr init'");
    }
    keyed_hash_ = std::make_unique<KeyedHash>(query.text(0));
  }
  return (*keyed_hash_)(message);
}

namespace {

class SqliteUnitOfWork final : public UnitOfWork {
 public:
  explicit SqliteUnitOfWork(sqlite::Connection& db)
      : transaction_(db, sqlite::Transaction::Kind::write) {}
  void commit() override { transaction_.commit(); }

 private:
  sqlite::Transaction transaction_;
};

}  // namespace

std::unique_ptr<UnitOfWork> SqliteStore::begin_write() {
  return std::make_unique<SqliteUnitOfWork>(db_);
}

void SqliteStore::after_commit(std::string_view key, std::function<void()> hook) {
  db_.after_commit(key, std::move(hook));
}

}  // namespace oulu10::store

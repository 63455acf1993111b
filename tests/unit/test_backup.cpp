// backup through the library: the copy holds what the register holds, and a refusal or a failure
// leaves the destination and the register as they were, with no file behind.
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "demo/demo.hpp"
#include "oulu10gdpr/error.hpp"
#include "recovery/backup.hpp"
#include "temp_dir.hpp"

using namespace oulu10;
namespace fs = std::filesystem;

namespace {

// Every row of every table, in the order of the tables' names and of their rows.
std::vector<std::string> content(const fs::path& file) {
  sqlite::Connection db(file, std::chrono::milliseconds{1000});
  std::vector<std::string> tables;
  {
    sqlite::Statement query(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY 1");
    while (query.step()) tables.push_back(query.text(0));
  }
  std::vector<std::string> rows;
  const auto collect = [](void* out, int columns, char** values, char**) {
    std::string row;
    for (int i = 0; i < columns; ++i) row += std::string(values[i] ? values[i] : "NULL") + "|";
    static_cast<std::vector<std::string>*>(out)->push_back(row);
    return 0;
  };
  for (const auto& table : tables) {
    rows.push_back("table " + table);
    const auto sql = "SELECT * FROM \"" + table + "\"";
    REQUIRE(sqlite3_exec(db.handle(), sql.c_str(), collect, &rows, nullptr) == SQLITE_OK);
  }
  return rows;
}

std::string bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> names_in(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

struct Fixture {
  testing::TempDir dir;
  fs::path folder = dir / "";
  store::SqliteStore reg{[this] {
    store::initialise({dir / "r.db"});
    return store::Settings{.path = dir / "r.db", .busy_timeout = std::chrono::milliseconds{200}};
  }()};
  Session session{SessionOptions{}};

  Fixture() {
    demo::generate(reg, {.customers = 60, .seed = 2, .now = session.now()},
                   policy::embedded_policy());
  }
};

}  // namespace

TEST_SUITE("backup") {
  TEST_CASE_FIXTURE(Fixture, "the copy holds every row of the register, and is private") {
    const auto before = content(dir / "r.db");
    const auto old_mask = ::umask(0);  // the mode must not depend on the caller's umask
    const auto report = recovery::backup(reg, session, dir / "copy.db");
    ::umask(old_mask);
    CHECK(content(dir / "copy.db") == before);
    struct stat info {};
    REQUIRE(::stat((dir / "copy.db").c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == 0600);
    CHECK(report.copy.bytes == static_cast<std::uintmax_t>(info.st_size));
    CHECK(report.copy.records[Category::customer] == 60);
    CHECK(report.copy.schema_version == store::current_schema_version());
    CHECK(names_in(folder) == std::vector<std::string>{"copy.db", "r.db", "r.db-shm", "r.db-wal"});
  }

  TEST_CASE_FIXTURE(Fixture, "an existing destination stays as it was, and so does the register") {
    std::ofstream(dir / "copy.db", std::ios::binary) << "yesterday's copy";
    const auto before = content(dir / "r.db");
    CHECK_THROWS_WITH_AS(recovery::backup(reg, session, dir / "copy.db"),
                         doctest::Contains("copy.db already exists"), InvalidInput);
    CHECK(bytes_of(dir / "copy.db") == "yesterday's copy");
    CHECK(content(dir / "r.db") == before);
    CHECK(names_in(folder) == std::vector<std::string>{"copy.db", "r.db", "r.db-shm", "r.db-wal"});
  }

  TEST_CASE_FIXTURE(Fixture, "a copy that fails its check leaves no file") {
    // The entries of an index no longer those of its table: VACUUM INTO copies them as they are.
    // Made on a connection of its own, as damage from outside would be, and read by a new one.
    sqlite::Connection(dir / "r.db", std::chrono::milliseconds{1000})
        .exec(
            "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'CREATE INDEX "
            "call_by_start ON call(phone)' WHERE name = 'call_by_start'");
    store::SqliteStore damaged({dir / "r.db"});
    CHECK_THROWS_WITH_AS(recovery::backup(damaged, session, dir / "copy.db"),
                         doctest::Contains("failed its integrity check"), IoFailure);
    CHECK(names_in(folder) == std::vector<std::string>{"r.db", "r.db-shm", "r.db-wal"});
  }

  TEST_CASE_FIXTURE(Fixture, "a copy whose audit entry cannot be written is removed again") {
    const auto before = content(dir / "r.db");
    sqlite::Connection other(dir / "r.db", std::chrono::milliseconds{0});
    sqlite::Transaction writer(other, sqlite::Transaction::Kind::write);
    CHECK_THROWS_AS(recovery::backup(reg, session, dir / "copy.db"), RegisterBusy);
    CHECK_FALSE(fs::exists(dir / "copy.db"));
    CHECK(names_in(folder) == std::vector<std::string>{"r.db", "r.db-shm", "r.db-wal"});
    CHECK(content(dir / "r.db") == before);
  }
}

#include <sys/stat.h>

#include <fstream>

#include <doctest/doctest.h>

#include "oulu10gdpr/error.hpp"
#include "store/record_writer.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace oulu10;
using testing::TempDir;

namespace {

std::int64_t scalar(sqlite::Connection& db, const char* sql) {
  sqlite::Statement query(db, sql);
  REQUIRE(query.step());
  return query.int64(0);
}

CustomerRecord customer(const char* id) {
  CustomerRecord c;
  c.source_id = id;
  c.hetu = "131052-308T";
  return c;
}

}  // namespace

TEST_SUITE("register") {
  TEST_CASE("initialise creates a current, private, WAL register") {
    TempDir dir;
    const auto report = store::initialise({dir / "r.db"});
    CHECK(report.created);
    CHECK(report.from_version == 0);
    CHECK(report.to_version == store::current_schema_version());
    struct stat info {};
    REQUIRE(::stat((dir / "r.db").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    store::SqliteStore reg({dir / "r.db"});
    auto& db = reg.connection();
    CHECK(scalar(db, "PRAGMA user_version") == store::current_schema_version());
    CHECK(scalar(db, "PRAGMA secure_delete") == 1);
    CHECK(scalar(db, "PRAGMA foreign_keys") == 1);
    sqlite::Statement mode(db, "PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
  }

  TEST_CASE("a version 1 register migrates forward and keeps its records") {
    TempDir dir;
    {
      // A register as the first release wrote it: schema step 1 only.
      std::ofstream(dir / "old.db").close();
      sqlite::Connection db(dir / "old.db", std::chrono::milliseconds{1000});
      db.exec(store::migrations()[0]);
      db.exec("PRAGMA application_id = 1330983216; PRAGMA user_version = 1");
      db.exec("INSERT INTO customer (source_id, hetu) VALUES ('c-1', '131052-308T')");
    }
    CHECK_THROWS_WITH_AS(store::SqliteStore({dir / "old.db"}), doctest::Contains("migrate it"),
                         RegisterUnusable);
    const auto report = store::initialise({dir / "old.db"});
    CHECK_FALSE(report.created);
    CHECK(report.from_version == 1);
    CHECK(report.to_version == store::current_schema_version());
    store::SqliteStore reg({dir / "old.db"});
    CHECK(scalar(reg.connection(), "SELECT count(*) FROM customer WHERE hetu = '131052-308T'") ==
          1);
    CHECK(scalar(reg.connection(), "SELECT length(key) FROM register_key") == 32);
    CHECK(scalar(reg.connection(), "SELECT count(*) FROM audit") == 0);
  }

  TEST_CASE("initialise is idempotent") {
    TempDir dir;
    store::initialise({dir / "r.db"});
    const auto again = store::initialise({dir / "r.db"});
    CHECK_FALSE(again.created);
    CHECK(again.from_version == again.to_version);
  }

  TEST_CASE("opening refuses what is not a current register") {
    TempDir dir;
    CHECK_THROWS_AS(store::SqliteStore({dir / "missing.db"}), RegisterUnusable);
    {
      std::ofstream text(dir / "text.db");
      text << std::string(4096, 'x');
    }
    CHECK_THROWS_AS(store::SqliteStore({dir / "text.db"}), RegisterUnusable);
    CHECK_THROWS_AS(store::initialise({dir / "text.db"}), RegisterUnusable);

    store::initialise({dir / "newer.db"});
    {
      store::SqliteStore reg({dir / "newer.db"});
      reg.connection().exec("PRAGMA user_version = 999");
    }
    CHECK_THROWS_WITH_AS(store::SqliteStore({dir / "newer.db"}),
                         doctest::Contains("newer than this binary"), RegisterUnusable);
    CHECK_THROWS_AS(store::initialise({dir / "newer.db"}), RegisterUnusable);
  }

  TEST_CASE("initialise creates missing directories, and names what it cannot create") {
    TempDir dir;
    CHECK(store::initialise({dir / "a" / "b" / "r.db"}).created);
    std::ofstream(dir / "blocker") << "x";
    CHECK_THROWS_WITH_AS(store::initialise({dir / "blocker" / "r.db"}),
                         doctest::Contains("blocker"), RegisterUnusable);
  }

  TEST_CASE("transactions roll back unless committed") {
    TempDir dir;
    store::initialise({dir / "r.db"});
    store::SqliteStore reg({dir / "r.db"});
    {
      sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
      const auto writer = reg.record_writer();
      writer->write(customer("c-1"));
    }
    CHECK(scalar(reg.connection(), "SELECT count(*) FROM customer") == 0);
  }

  TEST_CASE("the writer inserts, then updates in place, and reports unresolved links") {
    TempDir dir;
    store::initialise({dir / "r.db"});
    store::SqliteStore reg({dir / "r.db"});
    sqlite::Transaction transaction(reg.connection(), sqlite::Transaction::Kind::write);
    const auto writer = reg.record_writer();

    CHECK(writer->write(customer("c-1")).kind == store::WriteResult::Kind::inserted);
    auto changed = customer("c-1");
    changed.name = "Uusi Nimi";
    CHECK(writer->write(changed).kind == store::WriteResult::Kind::updated);
    CHECK(scalar(reg.connection(), "SELECT count(*) FROM customer") == 1);

    SmsSurveyRecord survey;
    survey.source_id = "s-1";
    survey.call = "k-404";
    const auto result = writer->write(survey);
    CHECK(result.kind == store::WriteResult::Kind::unresolved);
    CHECK(result.missing == "call \"k-404\"");

    CaseRecord c;
    c.source_id = "t-1";
    c.customer = "c-1";
    c.related = {{Category::chat, "h-404"}};
    CHECK(writer->write(c).missing == "chat \"h-404\"");
    CHECK(scalar(reg.connection(), "SELECT count(*) FROM case_record") == 0);
  }

  TEST_CASE("busy is its own error") {
    TempDir dir;
    store::initialise({dir / "r.db"});
    store::SqliteStore holder({dir / "r.db"});
    sqlite::Transaction lock(holder.connection(), sqlite::Transaction::Kind::write);
    store::SqliteStore waiter({dir / "r.db", std::chrono::milliseconds{50}});
    CHECK_THROWS_AS(sqlite::Transaction(waiter.connection(), sqlite::Transaction::Kind::write),
                    RegisterBusy);
  }
}

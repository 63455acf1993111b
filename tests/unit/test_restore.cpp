// The rights journal at work in the library: a register restored from an older copy is refused
// until recovery::restore has replayed what it lacks, and a journal is never another register's.
#include <sstream>

#include <doctest/doctest.h>

#include "intake/import.hpp"
#include "journal/journal.hpp"
#include "oulu10gdpr/error.hpp"
#include "recovery/restore.hpp"
#include "rights/erase.hpp"
#include "store/subject_reader.hpp"
#include "temp_dir.hpp"

using namespace oulu10;
namespace fs = std::filesystem;

namespace {

constexpr const char* kRecords = R"(
{"type":"customer","id":"c-1","hetu":"131052-308T","name":"Eero","phone":"0401112222"}
{"type":"call","id":"k-1","customer":"c-1","phone":"0401112222","started_at":"2026-02-01T10:00:00Z"}
{"type":"customer","id":"c-2","hetu":"010185-912T","name":"Aino","phone":"0405556666"}
)";

struct RestoredRegister {
  testing::TempDir dir;
  fs::path path = dir / "r.db";
  fs::path copy = dir / "copy.db";
  SessionOptions options{
      .db = path.string(), .actor = "test", .policy_file = {}, .journal = {}, .anchor = {}};
  Session session{options};

  RestoredRegister() {
    store::initialise({path});
    {
      const auto store = journal::open_register(session.register_settings());
      std::istringstream lines(kRecords);
      intake::import_ndjson(*store, lines, "fixture", policy::embedded_policy());
    }  // closed: the copy below is the whole register
    fs::copy_file(path, copy);
  }

  static Subject eero() {
    identity::SubjectInput input;
    input.hetu = {"131052-308T"};
    return identity::resolve_subject(input);
  }

  rights::EraseReport erase(bool dry_run = false) {
    const auto store = journal::open_register(session.register_settings());
    return rights::erase(*store, session, eero(), std::nullopt, dry_run);
  }

  // As an administrator restores with cp, the service stopped.
  void put_the_copy_back() { fs::copy_file(copy, path, fs::copy_options::overwrite_existing); }

  bool eero_is_there() {
    const auto store = journal::open_register(session.register_settings());
    return !store->subject_reader()->read(eero().keys).empty();
  }
};

}  // namespace

TEST_CASE("a register older than its journal is refused until the replay re-applies the erasure") {
  RestoredRegister scratch;
  const auto erased = scratch.erase();
  CHECK(erased.journal.written);
  scratch.put_the_copy_back();

  CHECK_THROWS_AS(journal::open_register(scratch.session.register_settings()), RegisterRestored);

  const auto dry = recovery::restore(scratch.session, std::nullopt, true);
  REQUIRE(dry.replayed.size() == 1);
  CHECK(dry.replayed[0].kind == journal::ChangeKind::erase);
  CHECK_THROWS_AS(journal::open_register(scratch.session.register_settings()), RegisterRestored);

  const auto replayed = recovery::restore(scratch.session, std::nullopt, false);
  REQUIRE(replayed.replayed.size() == 1);
  CHECK(replayed.erased == erased.erased);
  CHECK(replayed.replayed[0].records == erased.erased.total());
  CHECK(replayed.replayed[0].absent == 0);
  CHECK_FALSE(scratch.eero_is_there());
  CHECK(recovery::restore(scratch.session, std::nullopt, false).replayed.empty());
}

TEST_CASE("a dry run journals nothing, and a register with no changes has no journal") {
  RestoredRegister scratch;
  const auto journal = store::journal_path(scratch.session.register_settings());
  CHECK_FALSE(scratch.erase(true).journal.needed);
  CHECK(scratch.eero_is_there());
  CHECK_FALSE(fs::exists(journal));
  scratch.erase();
  CHECK(fs::exists(journal));
  CHECK((fs::status(journal).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("a new register cannot use the journal of the one before it") {
  RestoredRegister scratch;
  scratch.erase();
  for (const auto* suffix : {"", "-wal", "-shm"}) fs::remove(scratch.path.string() + suffix);
  CHECK_THROWS_AS(journal::initialise_register(scratch.session.register_settings()),
                  JournalUnusable);
  CHECK_FALSE(fs::exists(scratch.path));

  // Made anyway (with the store's own init), its key is not the journal's.
  store::initialise(scratch.session.register_settings());
  CHECK_THROWS_AS(journal::open_register(scratch.session.register_settings()), JournalUnusable);
}

#include <fstream>
#include <sstream>
#include <vector>

#include <doctest/doctest.h>

#include "audit/anchor.hpp"
#include "audit/review.hpp"
#include "audit/trail.hpp"
#include "session/session.hpp"
#include "temp_dir.hpp"

using namespace oulu10;
using audit::AnchorLine;

namespace {

const std::string kId = "95b2182aa41f3f794973b5cc";
const std::string kHash = "0235b2716761ca536d58856cd01678c1ed8699e6a56654cfcb6832eb8c0833e5";
const std::string kLine = "oulu10-gdpr anchor v1 register=" + kId + " seq=12 hash=" + kHash;

AnchorLine::Kind kind_of(const std::string& line) { return audit::read_anchor_line(line).kind; }

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

audit::Entry entry(const Session& session, const char* command) {
  return {.at = session.now(),
          .actor = "anna",
          .identity = {"clerk01", std::nullopt, std::nullopt},
          .command = command,
          .request_id = std::nullopt,
          .subject_ref = std::nullopt,
          .details = {},
          .outcome = "read"};
}

SessionOptions anchoring_to(const std::filesystem::path& file) {
  return {.db = std::nullopt,
          .actor = std::nullopt,
          .policy_file = std::nullopt,
          .journal = std::nullopt,
          .anchor = file.string()};
}

}  // namespace

TEST_SUITE("anchor lines") {
  TEST_CASE("an anchor's text is one line that reads back as itself") {
    const audit::Anchor anchor{kId, 12, kHash};
    CHECK(audit::anchor_text(anchor) == kLine);
    const auto read = audit::read_anchor_line(kLine);
    REQUIRE(read.kind == AnchorLine::Kind::anchor);
    CHECK(*read.anchor == anchor);
  }

  TEST_CASE("what a syslog file or journalctl puts before the message is tolerated") {
    for (const std::string prefix :
         {"", "Dec  4 21:06:45 kirjaamo oulu10-gdpr-anchor[4711]: ",
          "2026-12-04T21:06:45.123456+02:00 kirjaamo oulu10-gdpr-anchor[9]: ",
          "<85>1 2026-12-04T21:06:45Z kirjaamo oulu10-gdpr-anchor 9 - - "}) {
      for (const std::string suffix : {"", "\r", " ", "\t\r\n"}) {
        CAPTURE(prefix);
        CAPTURE(suffix);
        const auto read = audit::read_anchor_line(prefix + kLine + suffix);
        REQUIRE(read.kind == AnchorLine::Kind::anchor);
        CHECK(read.anchor->seq == 12);
        CHECK(read.anchor->hash == kHash);
        CHECK(read.anchor->register_id == kId);
      }
    }
  }

  TEST_CASE("other programs' lines are not anchors") {
    for (const std::string& line : std::vector<std::string>{
             "", "Dec  4 21:06:45 kirjaamo sshd[812]: Accepted publickey for anna",
             "oulu10-gdpr: error: cannot open the anchor file", "oulu10-gdpr-anchor[1]: hello",
             std::string("\x01\xff garbage", 10)}) {
      CAPTURE(line);
      CHECK(kind_of(line) == AnchorLine::Kind::other);
    }
  }

  TEST_CASE("a line that begins an anchor and breaks its format is damaged") {
    const std::string head = "oulu10-gdpr anchor v1 register=" + kId;
    for (const std::string& line : std::vector<std::string>{
             "oulu10-gdpr anchor ",
             "oulu10-gdpr anchor v2 register=" + kId + " seq=12 hash=" + kHash,
             head + " seq=0 hash=" + kHash,    // numbers start at 1
             head + " seq=012 hash=" + kHash,  // one spelling of each number
             head + " seq=-1 hash=" + kHash, head + " seq=1x hash=" + kHash,
             head + " seq=99999999999999999999 hash=" + kHash,
             head + " seq=12 hash=" + kHash.substr(1),  // 63 digits
             head + " seq=12 hash=" + kHash + "0",
             head + " seq=12 hash=" + std::string(64, 'A'),  // upper case is not how it is written
             head + " seq=12",
             head + " hash=" + kHash + " seq=12",  // fields in their order
             head + " seq=12 hash=" + kHash + " extra=1", head + "  seq=12 hash=" + kHash,
             "oulu10-gdpr anchor v1 register=" + kId.substr(2) + " seq=12 hash=" + kHash,
             "oulu10-gdpr anchor v1 register=" + std::string(24, 'g') + " seq=12 hash=" + kHash,
             kLine.substr(0, kLine.size() - 10),  // torn
         }) {
      CAPTURE(line);
      CHECK(kind_of(line) == AnchorLine::Kind::damaged);
    }
  }

  TEST_CASE("reading a log: this register's heads sorted and once, the rest counted") {
    const std::string other = "00112233445566778899aabb";
    const auto anchor = [](const std::string& id, int seq, char digit) {
      return audit::anchor_text({id, seq, std::string(64, digit)});
    };
    std::istringstream log(
        "Dec  4 21:06:45 kirjaamo oulu10-gdpr-anchor[1]: " + anchor(kId, 7, 'b') + "\n" +
        anchor(kId, 3, 'a') + "\n" + "noise\n" + anchor(other, 9, 'c') + "\n" +
        anchor(kId, 3, 'a') + "\n" + "oulu10-gdpr anchor v1 broken\n" + anchor(kId, 3, 'd'));
    const auto read = audit::read_anchors(log, kId);
    CHECK(read.lines == 7);
    CHECK(read.anchors == 4);
    CHECK(read.other_register == 1);
    CHECK(read.damaged == 1);
    const std::vector<std::pair<std::int64_t, std::string>> heads = {
        {3, std::string(64, 'a')}, {3, std::string(64, 'd')}, {7, std::string(64, 'b')}};
    CHECK(read.heads == heads);
  }
}

TEST_SUITE("anchoring") {
  TEST_CASE("the store runs a hook after the commit only, the newest under a key") {
    testing::ScratchRegister scratch;
    auto& store = scratch.reg;
    std::vector<std::string> ran;
    {
      const auto unit = store.begin_write();
      store.after_commit("a", [&] { ran.push_back("a1"); });
      store.after_commit("b", [&] { ran.push_back("b"); });
      store.after_commit("a", [&] { ran.push_back("a2"); });
      CHECK(ran.empty());
      unit->commit();
    }
    CHECK(ran == std::vector<std::string>{"a2", "b"});
    ran.clear();
    {
      const auto unit = store.begin_write();
      store.after_commit("a", [&] { ran.push_back("rolled back"); });
    }
    CHECK(ran.empty());
    store.after_commit("a", [&] { ran.push_back("outside"); });  // committed already
    CHECK(ran == std::vector<std::string>{"outside"});
  }

  TEST_CASE("commits that are not durable hold their hooks until one that is") {
    testing::ScratchRegister scratch;
    auto& store = scratch.reg;
    std::vector<std::string> ran;
    store.connection().set_commits_durable(false);
    for (const char* name : {"batch 1", "batch 2"}) {
      const auto unit = store.begin_write();
      store.after_commit("a", [&ran, name] { ran.push_back(name); });
      unit->commit();
    }
    {
      const auto unit = store.begin_write();
      store.after_commit("b", [&] { ran.push_back("rolled back"); });
    }
    CHECK(ran.empty());
    store.connection().set_commits_durable(true);
    {
      const auto unit = store.begin_write();
      unit->commit();
    }
    CHECK(ran == std::vector<std::string>{"batch 2"});
  }

  TEST_CASE("the trail anchors each commit's newest entry in the session's anchor file") {
    testing::ScratchRegister scratch;
    const auto file = scratch.dir / "anchors" / "a.anchors";
    std::filesystem::create_directories(file.parent_path());
    const Session session{anchoring_to(file)};
    audit::Trail trail(scratch.reg, session);
    store::AuditRow last;
    {
      const auto unit = scratch.reg.begin_write();
      trail.append(entry(session, "inspect"));
      last = trail.append(entry(session, "export"));
      CHECK(!std::filesystem::exists(file));  // not before the commit
      unit->commit();
    }
    const auto id = store::register_id(scratch.reg);
    CHECK(lines_of(file) == std::vector<std::string>{audit::anchor_text({id, 2, last.hash})});
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    {
      const auto unit = scratch.reg.begin_write();
      trail.append(entry(session, "inspect"));
    }  // rolled back: nothing anchored
    CHECK(lines_of(file).size() == 1);
    CHECK(!audit::take_anchor_failure());

    std::ostringstream log;
    for (const auto& line : lines_of(file)) log << "host oulu10-gdpr-anchor[1]: " << line << "\n";
    std::istringstream anchors(log.str());
    const auto report = audit::verify(scratch.reg, audit::AnchorSource{anchors, "log"});
    CHECK(report.ok());
    REQUIRE(report.anchors);
    CHECK(report.anchors->newest_covered == 2);
  }

  TEST_CASE("a file that cannot take the anchor is reported, and a later anchor clears that") {
    testing::ScratchRegister scratch;
    const auto file = scratch.dir / "a.anchors";
    std::filesystem::create_directories(file);  // a directory: cannot be opened for writing
    const Session session{anchoring_to(file)};
    audit::Trail trail(scratch.reg, session);
    const auto append = [&] {
      const auto unit = scratch.reg.begin_write();
      trail.append(entry(session, "inspect"));
      unit->commit();
    };
    append();
    const auto failure = audit::take_anchor_failure();
    REQUIRE(failure);
    CHECK(failure->find("entry 1 of the audit trail was not anchored: cannot open the anchor "
                        "file") == 0);
    CHECK(!audit::take_anchor_failure());  // taken
    append();
    std::filesystem::remove(file);
    append();  // covers entry 2
    CHECK(!audit::take_anchor_failure());
    CHECK(lines_of(file).size() == 1);
  }

  TEST_CASE("verify finds anchored entries missing or different, and counts the rest") {
    testing::ScratchRegister scratch;
    const Session session{SessionOptions{}};
    audit::Trail trail(scratch.reg, session);
    std::vector<store::AuditRow> rows;
    for (int i = 0; i < 3; ++i) {
      const auto unit = scratch.reg.begin_write();
      rows.push_back(trail.append(entry(session, "inspect")));
      unit->commit();
    }
    const auto id = store::register_id(scratch.reg);
    std::istringstream anchors(audit::anchor_text({id, 1, rows[0].hash}) + "\n" +
                               audit::anchor_text({id, 2, std::string(64, 'e')}) + "\n" +
                               audit::anchor_text({id, 3, rows[2].hash}) + "\n" +
                               audit::anchor_text({id, 5, std::string(64, 'f')}) + "\n" +
                               audit::anchor_text({std::string(24, '0'), 9, rows[0].hash}) + "\n");
    const auto report = audit::verify(scratch.reg, audit::AnchorSource{anchors, "file"});
    CHECK(!report.ok());
    CHECK(!report.broken_at);
    REQUIRE(report.anchors);
    const auto& check = *report.anchors;
    CHECK(check.anchors == 4);
    CHECK(check.other_register == 1);
    CHECK(check.missing == 1);
    CHECK(check.differs == 1);
    CHECK(check.newest_anchored == 5);
    CHECK(check.newest_covered == 3);
    REQUIRE(check.mismatches.size() == 2);
    CHECK(check.mismatches[0].seq == 2);
    CHECK(check.mismatches[0].hash == rows[1].hash);
    CHECK(check.mismatches[1].seq == 5);
    CHECK(!check.mismatches[1].hash);
    CHECK_THROWS_WITH(audit::throw_if_incomplete(report),
                      doctest::Contains("1 anchored entry(ies) missing, 1 different, the first "
                                        "at entry 2"));
  }
}

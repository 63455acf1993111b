// request casework through the library: the rules of opening, extending, closing and linking,
// free-text checks, and the retention of closed requests.
#include <cstdlib>

#include <doctest/doctest.h>

#include "core/free_text.hpp"
#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"
#include "retention/purge.hpp"
#include "store/request_store.hpp"
#include "store/subject_reader.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

// Sessions read the clock from OULU10_GDPR_NOW; each scope sets it and puts it back.
class Clock {
 public:
  explicit Clock(const char* now) { ::setenv("OULU10_GDPR_NOW", now, 1); }
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;
  ~Clock() { ::unsetenv("OULU10_GDPR_NOW"); }
};

Subject person(const std::string& hetu) {
  identity::SubjectInput input;
  input.hetu = {hetu};
  return identity::resolve_subject(input);
}

requests::OpenInput input(const std::string& kind, const std::string& received,
                          std::optional<Subject> subject = std::nullopt) {
  return {kind, received, std::nullopt, std::nullopt, std::nullopt, std::move(subject)};
}

struct Fixture : testing::ScratchRegister {
  SubjectRecords records_of(const Subject& subject) {
    return reg.subject_reader()->read(subject.keys);
  }
  std::int64_t count(const std::string& table) {
    sqlite::Statement query(reg.connection(), "SELECT count(*) FROM " + table);
    query.step();
    return query.int64(0);
  }
};

}  // namespace

TEST_SUITE("requests") {
  TEST_CASE("free text is trimmed UTF-8 without control characters") {
    CHECK(*checked_free_text("  passport  ", 100) == "passport");
    CHECK(*checked_free_text("henkilökortti, Äänekoski €", 100) == "henkilökortti, Äänekoski €");
    CHECK(checked_free_text("   ", 100).reason() == "must not be empty");
    CHECK(checked_free_text("abcdef", 5).reason() == "longer than 5 bytes");
    for (const char* bad : {"a\x1b[31mb", "a\nb", "a\x7f",
                            "a\xc2\x9b"
                            "b"}) {
      CAPTURE(bad);
      CHECK(checked_free_text(bad, 100).reason() == "contains a control character");
    }
    for (const char* bad :
         {"\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
      CAPTURE(bad);
      CHECK(checked_free_text(bad, 100).reason() == "not valid UTF-8");
    }
  }

  TEST_CASE("text for a terminal shows control characters as escapes") {
    CHECK(printable("plain, ääkköset €\n\tnext") == "plain, ääkköset €\n\tnext");
    CHECK(printable("\x1b[2J\x07\x7f") == "\\x1b[2J\\x07\\x7f");
    CHECK(printable("csi\xc2\x9b"
                    "31m") == "csi\\u009b31m");
    CHECK(printable("cr\r") == "cr\\x0d");
    CHECK(printable("bad\xff\xc3") == "bad\\xff\\xc3");
    CHECK(printable(std::string_view("nul\0end", 7)) == "nul\\x00end");
    CHECK(printable("one\ntwo\tthree", Lines::one) == "one\\x0atwo\\x09three");
  }

  TEST_CASE("ids count on within the year of opening, and start again in the next") {
    Fixture f;
    {
      const Clock clock("2026-12-31T21:59:59Z");  // 23:59:59 in Finland
      const Session session{SessionOptions{}};
      CHECK(requests::open_request(f.reg, session, input("access", "2026-12-30")).request.id ==
            "REQ-2026-0001");
      CHECK(requests::open_request(f.reg, session, input("access", "2026-12-30")).request.id ==
            "REQ-2026-0002");
    }
    const Clock clock("2026-12-31T22:00:00Z");  // New Year in Finland
    const Session session{SessionOptions{}};
    const auto view = requests::open_request(f.reg, session, input("access", "2026-12-31"));
    CHECK(view.request.id == "REQ-2027-0001");
    CHECK(requests::format_day(view.request.first_due) == "2027-02-01");  // 31.1. is a Sunday
  }

  TEST_CASE("extension: once, until the first deadline, two further months") {
    Fixture f;
    std::string id;
    {
      const Clock clock("2026-11-28T12:00:00Z");
      const Session session{SessionOptions{}};
      id = requests::open_request(f.reg, session, input("erasure", "2026-10-31")).request.id;
    }
    {
      const Clock clock("2026-11-30T21:59:59Z");  // the first deadline, 30.11., in Finland
      const Session session{SessionOptions{}};
      const auto view = requests::extend_request(f.reg, session, id, "numerous");
      CHECK(requests::format_day(view.request.due()) == "2027-02-01");  // 31.1. is a Sunday
      CHECK_THROWS_AS(requests::extend_request(f.reg, session, id, "again"), InvalidInput);
    }
    const Clock clock("2026-11-28T12:00:00Z");
    const Session session{SessionOptions{}};
    const auto late =
        requests::open_request(f.reg, session, input("access", "2026-10-27")).request.id;
    CHECK_THROWS_WITH_AS(requests::extend_request(f.reg, session, late, "complex"),
                         doctest::Contains("too late"), InvalidInput);
  }

  TEST_CASE("closing needs reasons unless completed, and happens once") {
    Fixture f;
    const Clock clock("2026-11-28T12:00:00Z");
    const Session session{SessionOptions{}};
    const auto id =
        requests::open_request(f.reg, session, input("access", "2026-11-20")).request.id;
    CHECK_THROWS_AS(requests::close_request(f.reg, session, id, "refused", std::nullopt),
                    InvalidInput);
    CHECK_THROWS_AS(requests::close_request(f.reg, session, id, "partially-completed", "  "),
                    InvalidInput);
    CHECK_THROWS_AS(requests::close_request(f.reg, session, id, "done", std::nullopt),
                    InvalidInput);
    const auto report = requests::close_request(f.reg, session, id, "completed", std::nullopt);
    CHECK(report.view.request.closing->outcome == "completed");
    CHECK(report.complaint_right.en.find("Data Protection Ombudsman") != std::string::npos);
    CHECK_THROWS_AS(requests::close_request(f.reg, session, id, "completed", std::nullopt),
                    InvalidInput);
    CHECK_THROWS_AS(
        requests::close_request(f.reg, session, "REQ-2026-0404", "completed", std::nullopt),
        NoMatch);
  }

  TEST_CASE("a rights subcommand links only to an open request of its kind and subject") {
    Fixture f;
    const Clock clock("2026-11-28T12:00:00Z");
    const Session session{SessionOptions{}};
    const auto eero = person("131052-308T");
    const auto stranger = person("010185-912T");
    const auto erasure =
        requests::open_request(f.reg, session, input("erasure", "2026-11-20", eero)).request.id;
    const auto anyone =
        requests::open_request(f.reg, session, input("access", "2026-11-20")).request.id;
    CHECK(requests::linked_request(f.reg, std::nullopt, commands::erase, eero,
                                   f.records_of(eero)) == std::nullopt);
    CHECK(requests::linked_request(f.reg, erasure, commands::erase, eero, f.records_of(eero)) ==
          erasure);
    CHECK(requests::linked_request(f.reg, anyone, commands::inspect, eero, f.records_of(eero)) ==
          anyone);
    CHECK_THROWS_WITH_AS(
        requests::linked_request(f.reg, erasure, commands::inspect, eero, f.records_of(eero)),
        doctest::Contains("answered by erase, not by inspect"), InvalidInput);
    CHECK_THROWS_WITH_AS(
        requests::linked_request(f.reg, erasure, commands::erase, stranger, f.records_of(stranger)),
        doctest::Contains("another subject"), InvalidInput);
    CHECK_THROWS_WITH_AS(
        requests::linked_request(f.reg, "REQ-2026-0404", commands::erase, eero, f.records_of(eero)),
        doctest::Contains("no such request"), InvalidInput);
    CHECK_THROWS_WITH_AS(requests::linked_request(f.reg, "Eero Esimerkki", commands::erase, eero,
                                                  f.records_of(eero)),
                         doctest::Contains("--request"), InvalidInput);
    requests::close_request(f.reg, session, erasure, "completed", std::nullopt);
    CHECK_THROWS_WITH_AS(
        requests::linked_request(f.reg, erasure, commands::erase, eero, f.records_of(eero)),
        doctest::Contains("closed"), InvalidInput);
  }

  TEST_CASE("purge deletes a closed request when the cases' years have passed since closing") {
    Fixture f;
    {
      const Clock clock("2024-02-29T10:00:00Z");
      const Session session{SessionOptions{}};
      const auto id =
          requests::open_request(f.reg, session, input("access", "2024-02-20")).request.id;
      requests::close_request(f.reg, session, id, "completed", std::nullopt);
      requests::open_request(f.reg, session, input("access", "2024-02-21"));  // stays open
    }
    const Clock clock("2030-01-01T00:00:00Z");
    const Session session{SessionOptions{}};
    CHECK(session.policy().request_retention_years() == 5);
    retention::PurgeOptions options;
    // 29 February plus five years is 28 February, as for every other record.
    options.as_of = *parse_timestamp("2029-02-28T09:59:59Z");
    CHECK(retention::purge(f.reg, session, options).requests_deleted == 0);
    CHECK(f.count("request") == 2);
    options.as_of = *parse_timestamp("2029-02-28T10:00:00Z");
    options.dry_run = true;
    CHECK(retention::purge(f.reg, session, options).requests_deleted == 1);
    CHECK(f.count("request") == 2);
    options.dry_run = false;
    CHECK(retention::purge(f.reg, session, options).requests_deleted == 1);
    CHECK(f.count("request") == 1);
    CHECK(f.count("request WHERE closed_at IS NULL") == 1);
  }
}

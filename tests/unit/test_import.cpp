#include <sstream>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "intake/import.hpp"
#include "intake/import_line.hpp"
#include "oulu10gdpr/error.hpp"
#include "policy/policy.hpp"
#include "store/sqlite/connection.hpp"
#include "temp_dir.hpp"

using namespace oulu10;

namespace {

struct Fixture : testing::ScratchRegister {
  intake::ImportReport import(const std::string& text) {
    std::istringstream input(text);
    return intake::import_ndjson(reg, input, "test", policy::embedded_policy());
  }

  std::string text(const char* sql) {
    sqlite::Statement query(reg.connection(), sql);
    std::string out;
    while (query.step()) out += (out.empty() ? "" : "|") + query.optional_text(0).value_or("NULL");
    return out;
  }
};

const char* const kCustomer =
    R"({"type":"customer","id":"c-1","hetu":"131052-308t","phone":"040 123 4567"})";

}  // namespace

TEST_SUITE("import") {
  TEST_CASE("a line nested deeper than 32 levels is refused before it is written back out") {
    const std::string deep = R"({"type":"chat","id":"h","started_at":"2026-01-01T00:00:00Z",)"
                             R"("metadata":{"a":)" +
                             std::string(50000, '[') + std::string(50000, ']') + "}}";
    CHECK_THROWS_WITH_AS(intake::read_import_line(deep, 3, policy::embedded_policy()),
                         "line 3: nested more than 32 levels deep", InvalidInput);
  }

  TEST_CASE("a number too large for a double is refused, not a failure (found by fuzzing)") {
    // The input fuzz/fuzz_import_line found: nlohmann/json throws out_of_range, not parse_error.
    CHECK_THROWS_WITH_AS(intake::read_import_line("555555555e555", 7, policy::embedded_policy()),
                         "line 7: a number is out of range", InvalidInput);
    CHECK_THROWS_WITH_AS(intake::read_import_line(R"({"type":"customer","id":"c","n":1e999})", 2,
                                                  policy::embedded_policy()),
                         "line 2: a number is out of range", InvalidInput);
  }

  // Issue 20: a call of 9999 was imported, and purge then reported it expiring in year 0000.
  TEST_CASE("a time outside the register's range is refused, naming the field") {
    for (const char* started_at :
         {"9999-06-01T00:00:00Z", "0000-12-31T10:00:00Z", "0001-01-01T00:00+14:00"}) {
      CAPTURE(started_at);
      const auto line = fmt::format(
          R"({{"type":"call","id":"k-1","phone":"0401234567","started_at":"{}"}})", started_at);
      CHECK_THROWS_WITH_AS(intake::read_import_line(line, 4, policy::embedded_policy()),
                           "line 4: started_at: must lie between 1900-01-01 and 9000-12-31 in UTC",
                           InvalidInput);
    }
    CHECK_THROWS_WITH_AS(
        intake::read_import_line(
            R"({"type":"customer","id":"c","relationship_ended":"9999-12-31"})", 1,
            policy::embedded_policy()),
        "line 1: relationship_ended: must lie between 1900-01-01 and 9000-12-31 in UTC",
        InvalidInput);
  }

  TEST_CASE("a byte-order mark before the first line is accepted") {
    Fixture f;
    const auto report = f.import("\xEF\xBB\xBF" + std::string(kCustomer) + "\n");
    CHECK(report.counts(Category::customer).inserted == 1);
  }

  TEST_CASE("records are written with normalised identifiers and counted by type") {
    Fixture f;
    const auto report = f.import(std::string(kCustomer) + "\n" +
                                 R"({"type":"call","id":"k-1","customer":"c-1",)"
                                 R"("phone":"00358401234567","started_at":"2026-01-01"})");
    CHECK(report.lines == 2);
    CHECK(report.counts(Category::customer).inserted == 1);
    CHECK(report.counts(Category::call).inserted == 1);
    CHECK(f.text("SELECT hetu FROM customer") == "131052-308T");
    CHECK(f.text("SELECT phone FROM call") == "+358401234567");
  }

  TEST_CASE("a bad line rolls back every line before it") {
    Fixture f;
    CHECK_THROWS_WITH_AS(f.import(std::string(kCustomer) + "\n{\"type\":\"call\"}"),
                         doctest::Contains("line 2: id: is required"), InvalidInput);
    CHECK(f.text("SELECT count(*) FROM customer") == "0");
  }

  TEST_CASE("links may point forward, through chains") {
    Fixture f;
    const auto report = f.import(
        R"({"type":"sms_survey","id":"s-1","call":"k-1","sent_at":"2026-01-02"})"
        "\n"
        R"({"type":"call","id":"k-1","customer":"c-1","phone":"0401234567","started_at":"2026-01-01"})"
        "\n" +
        std::string(kCustomer));
    CHECK(report.counts(Category::sms_survey).inserted == 1);
    CHECK(f.text("SELECT c.source_id FROM sms_survey s JOIN call k ON k.id = s.call_id "
                 "JOIN customer c ON c.id = k.customer_id") == "c-1");
  }

  TEST_CASE("an unresolvable link names the first line that has one") {
    Fixture f;
    CHECK_THROWS_WITH_AS(
        f.import(std::string(kCustomer) + "\n" +
                 R"({"type":"consent","id":"a-1","customer":"c-9","method":"oral",)"
                 R"("purpose":"sms-survey","given_at":"2026-01-01"})"),
        doctest::Contains("line 2: links to customer \"c-9\""), InvalidInput);
  }

  TEST_CASE("the last line for a (type, id) wins, even when an earlier one waited") {
    Fixture f;
    f.import(
        R"({"type":"call","id":"k-1","customer":"c-late","phone":"0401234567","started_at":"2026-01-01","notes":"first"})"
        "\n"
        R"({"type":"call","id":"k-1","phone":"0401234567","started_at":"2026-01-01","notes":"second"})"
        "\n"
        R"({"type":"customer","id":"c-late"})");
    CHECK(f.text("SELECT notes FROM call") == "second");
    CHECK(f.text("SELECT customer_id FROM call") == "NULL");
  }

  TEST_CASE("re-import updates, replacing messages and links") {
    Fixture f;
    const std::string chat =
        R"({"type":"chat","id":"h-1","started_at":"2026-01-01","messages":[{"from":"customer","text":"a"},{"from":"agent","text":"b"}]})";
    f.import(chat);
    const auto report = f.import(
        R"({"type":"chat","id":"h-1","started_at":"2026-01-01","messages":[{"from":"customer","text":"c"}]})");
    CHECK(report.counts(Category::chat).updated == 1);
    CHECK(f.text("SELECT text FROM chat_message") == "c");
  }

  TEST_CASE("the report renders as text and JSON") {
    Fixture f;
    const auto report = f.import(kCustomer);
    CHECK(intake::render_text(report, {policy::embedded_policy()}).find("customer") !=
          std::string::npos);
    CHECK(intake::to_json(report)["by_type"]["customer"]["inserted"] == 1);
  }
}

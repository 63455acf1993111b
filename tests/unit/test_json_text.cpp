#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/json_text.hpp"

using namespace oulu10;
using namespace std::string_literals;

TEST_SUITE("json text") {
  TEST_CASE("strings are escaped as json::dump escapes them, DEL and C1 controls too") {
    const std::string samples[] = {
        "",
        "plain",
        "Äänitallenne – ”lainaus” 😀",
        "quote \" backslash \\ slash /",
        "\b\f\n\r\t",
        "nul \0 and \x01 \x1f \x7f"s,
        "\x1b[31mred\x1b[0m",
        "csi \xc2\x9b"
        "31m, nel \xc2\x85, nbsp \xc2\xa0",
    };
    for (const auto& sample : samples) {
      std::string out;
      JsonText(out).string(sample);
      CHECK(out == without_raw_controls(nlohmann::json(sample).dump()));
    }
  }

  TEST_CASE("DEL and C1 controls leave a dumped document only as escapes") {
    CHECK(without_raw_controls("\"del \x7f csi \xc2\x9b nbsp \xc2\xa0\"") ==
          "\"del \\u007f csi \\u009b nbsp \xc2\xa0\"");
    const nlohmann::json parsed = nlohmann::json::parse(
        without_raw_controls(nlohmann::json("a\x7f\xc2\x80\xc2\x9f z").dump()));
    CHECK(parsed == "a\x7f\xc2\x80\xc2\x9f z");
  }

  TEST_CASE("text that is not UTF-8 is refused, as json::dump refuses it") {
    for (const char* bad : {"\xff", "\xc3", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
      std::string out;
      CHECK_THROWS_AS(JsonText(out).string(bad), std::invalid_argument);
      CHECK_THROWS(nlohmann::json(std::string(bad)).dump());
    }
  }

  TEST_CASE("numbers, booleans and null") {
    std::string out;
    JsonText text(out);
    text.number(-9223372036854775807LL - 1);
    text.punctuation(',');
    text.boolean(true);
    text.punctuation(',');
    text.optional_number(std::nullopt);
    CHECK(out == "-9223372036854775808,true,null");
  }
}

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/json_text.hpp"

using namespace oulu10;
using namespace std::string_literals;

TEST_SUITE("json text") {
  TEST_CASE("strings are escaped exactly as json::dump escapes them") {
    const std::string samples[] = {
        "",
        "plain",
        "Äänitallenne – ”lainaus” 😀",
        "quote \" backslash \\ slash /",
        "\b\f\n\r\t",
        "nul \0 and \x01 \x1f \x7f"s,
        "\x1b[31mred\x1b[0m",
    };
    for (const auto& sample : samples) {
      std::string out;
      JsonText(out).string(sample);
      CHECK(out == nlohmann::json(sample).dump());
    }
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

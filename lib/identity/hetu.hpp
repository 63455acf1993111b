#pragma once
// The Finnish personal identity code (henkilötunnus), validated strictly: DDMMYY, century sign,
// individual number 002-999, check character, and a real calendar date. All eleven characters
// are the identity: 131052-308T and 131052Y308T are different people.
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace oulu10::identity {

class Hetu {
 public:
  // Surrounding white space is trimmed and letters are upper-cased before validation; the
  // refusal reason names the rule that failed and never echoes the code itself.
  static Expected<Hetu> parse(std::string_view text);

  [[nodiscard]] const std::string& str() const noexcept { return code_; }
  [[nodiscard]] int birth_year() const noexcept { return year_; }
  [[nodiscard]] bool is_temporary() const noexcept;  // individual number 900-999

  // The check character for the nine digits DDMMYYNNN.
  static char check_character(std::string_view nine_digits);

  friend bool operator==(const Hetu&, const Hetu&) = default;

 private:
  Hetu(std::string code, int year) : code_(std::move(code)), year_(year) {}
  std::string code_;
  int year_;
};

}  // namespace oulu10::identity

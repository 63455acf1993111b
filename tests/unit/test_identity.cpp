// Check characters in these vectors were computed with the mod-31 rule in Python and again with
// bc, not taken from memory; 131052-308T is the Digital and Population Data Services Agency's
// own example.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "identity/email.hpp"
#include "identity/hetu.hpp"
#include "identity/phone.hpp"

namespace {

using oulu10::Expected;
using oulu10::identity::Hetu;
using oulu10::identity::normalize_email;
using oulu10::identity::normalize_phone;

// The reason a refusal gave, after checking that it is a refusal and that the reason does not
// repeat the personal data it was given (an empty input is in every string, trivially).
template <typename T>
std::string reason_for(const Expected<T>& result, std::string_view input) {
  REQUIRE_FALSE(result.has_value());
  if (!input.empty()) CHECK(result.reason().find(input) == std::string::npos);
  return result.reason();
}

std::string hetu_refusal(std::string_view text) { return reason_for(Hetu::parse(text), text); }
std::string phone_refusal(std::string_view text) { return reason_for(normalize_phone(text), text); }
std::string email_refusal(std::string_view text) { return reason_for(normalize_email(text), text); }

Hetu valid_hetu(std::string_view text) {
  auto result = Hetu::parse(text);
  INFO("refused: ", (result ? std::string() : result.reason()));
  REQUIRE(result.has_value());
  return std::move(result).value();
}

std::string read_all(std::FILE* file) {
  std::string text;
  std::rewind(file);
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) {
    text.push_back(static_cast<char>(c));
  }
  return text;
}

// Runs the action with stdout and stderr pointing at a temporary file and returns what landed
// there. The action must not assert: doctest itself writes to stdout.
template <typename Action>
std::string console_output_of(Action action) {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  const int saved_stdout = dup(STDOUT_FILENO);
  const int saved_stderr = dup(STDERR_FILENO);
  REQUIRE(saved_stdout >= 0);
  REQUIRE(saved_stderr >= 0);
  std::cout.flush();
  std::fflush(nullptr);
  dup2(fileno(sink), STDOUT_FILENO);
  dup2(fileno(sink), STDERR_FILENO);
  action();
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  dup2(saved_stdout, STDOUT_FILENO);
  dup2(saved_stderr, STDERR_FILENO);
  close(saved_stdout);
  close(saved_stderr);
  std::string text = read_all(sink);
  std::fclose(sink);
  return text;
}

}  // namespace

TEST_SUITE("identity") {
  // --- henkilötunnus -------------------------------------------------------------------------

  TEST_CASE("hetu: the agency's example is valid") {
    const Hetu hetu = valid_hetu("131052-308T");
    CHECK(hetu.str() == "131052-308T");
    CHECK(hetu.birth_year() == 1952);
    CHECK_FALSE(hetu.is_temporary());
  }

  TEST_CASE("hetu: every 1900s century sign, old and new") {
    for (const char sign : std::string_view("-YXWVU")) {
      const std::string code = std::string("010594") + sign + "123W";
      CAPTURE(code);
      const Hetu hetu = valid_hetu(code);
      CHECK(hetu.str() == code);
      CHECK(hetu.birth_year() == 1994);
    }
  }

  TEST_CASE("hetu: every 2000s century sign, old and new") {
    for (const char sign : std::string_view("ABCDEF")) {
      const std::string code = std::string("010107") + sign + "1237";
      CAPTURE(code);
      const Hetu hetu = valid_hetu(code);
      CHECK(hetu.str() == code);
      CHECK(hetu.birth_year() == 2007);
    }
  }

  TEST_CASE("hetu: the 1800s century sign") {
    CHECK(valid_hetu("010185+123B").birth_year() == 1885);
  }

  TEST_CASE("hetu: the new signs make a different identity with the same check character") {
    const Hetu old_sign = valid_hetu("131052-308T");
    const Hetu new_sign = valid_hetu("131052Y308T");
    CHECK(new_sign.str() == "131052Y308T");
    CHECK(new_sign.birth_year() == old_sign.birth_year());
    CHECK(old_sign != new_sign);
    CHECK(old_sign == valid_hetu("131052-308T"));
  }

  TEST_CASE("hetu: unknown century signs are refused") {
    for (const std::string_view code :
         {"131052Z308T", "131052G308T", "131052*308T", "131052 308T"}) {
      CAPTURE(code);
      CHECK(hetu_refusal(code).find("unknown century sign") != std::string::npos);
    }
  }

  TEST_CASE("hetu: individual numbers 002-999 are valid, 900-999 temporary") {
    CHECK_FALSE(valid_hetu("150565-002J").is_temporary());
    CHECK_FALSE(valid_hetu("131052-308T").is_temporary());
    CHECK(valid_hetu("150565-900H").is_temporary());
    CHECK(valid_hetu("150565-999P").is_temporary());
  }

  TEST_CASE(
      "hetu: individual numbers 000 and 001 are refused even with the right check character") {
    for (const std::string_view code : {"150565-000F", "150565-001H"}) {
      CAPTURE(code);
      CHECK(hetu_refusal(code).find("individual number must be 002-999") != std::string::npos);
    }
  }

  TEST_CASE("hetu: a wrong check character is refused") {
    // G, I, O, Q and Z are not in the check character table at all.
    for (const std::string_view code :
         {"131052-308U", "131052-3080", "131052Y308S", "131052-308G", "010107A123Z"}) {
      CAPTURE(code);
      CHECK(hetu_refusal(code).find("wrong check character") != std::string::npos);
    }
  }

  TEST_CASE("hetu: the date must exist") {
    // Each of these carries the check character its digits call for, so only the date fails.
    for (const std::string_view code : {"310422-123V",     // 31 April
                                        "290223A1237",     // 2023 is not a leap year
                                        "290200-1239",     // nor is 1900
                                        "000190-1230",     // day 0
                                        "011390-123A"}) {  // month 13
      CAPTURE(code);
      CHECK(hetu_refusal(code).find("no such date") != std::string::npos);
    }
  }

  TEST_CASE("hetu: leap days of leap years are valid") {
    CHECK(valid_hetu("290224A123F").birth_year() == 2024);
    CHECK(valid_hetu("290200A1239").birth_year() == 2000);  // 2000 is a leap year, 1900 is not
    CHECK(valid_hetu("290296-1232").birth_year() == 1996);
  }

  TEST_CASE("hetu: the code must be 11 characters") {
    for (const std::string_view code :
         {"", "131052-308", "131052-308TT", "131052 -308T", "131052-308T\xc2\xa0"}) {
      CAPTURE(code);
      CHECK(hetu_refusal(code).find("must be 11 characters") != std::string::npos);
    }
  }

  TEST_CASE("hetu: the date and the individual number must be digits") {
    for (const std::string_view code : {"13105X-308T", "131052-3O8T", "+31052-308T"}) {
      CAPTURE(code);
      CHECK(hetu_refusal(code).find("must be digits") != std::string::npos);
    }
  }

  TEST_CASE("hetu: letters are upper-cased and surrounding white space trimmed") {
    CHECK(valid_hetu("010594y123w").str() == "010594Y123W");
    CHECK(valid_hetu("010107a1237").str() == "010107A1237");
    CHECK(valid_hetu("  131052-308T\t\r\n").str() == "131052-308T");
    CHECK(valid_hetu(" 131052-308t ") == valid_hetu("131052-308T"));
  }

  TEST_CASE("hetu: refusals do not contain the code or its birth date") {
    for (const std::string_view code : {"131052-308U", "310422-123V", "150565-001H", "131052Z308T",
                                        "131052-308TT", "131052-308u"}) {
      CAPTURE(code);
      const std::string reason = hetu_refusal(code);
      CHECK(reason.find(code.substr(0, 6)) == std::string::npos);
      CHECK(reason.find(code.substr(7, 3)) == std::string::npos);
    }
  }

  TEST_CASE("hetu: check_character follows the mod-31 table") {
    CHECK(Hetu::check_character("131052308") == 'T');
    CHECK(Hetu::check_character("000190123") == '0');  // remainder 0
    CHECK(Hetu::check_character("011390123") == 'A');  // remainder 10
    CHECK(Hetu::check_character("150565900") == 'H');  // remainder 16: G is skipped
    CHECK(Hetu::check_character("010594123") == 'W');  // remainder 28
    CHECK_THROWS_AS(Hetu::check_character("13105230"), std::invalid_argument);
    CHECK_THROWS_AS(Hetu::check_character("13105230X"), std::invalid_argument);
  }

  // --- phone numbers -------------------------------------------------------------------------

  TEST_CASE("phone: national, international and 00 forms are the same number") {
    for (const std::string_view text : {"040 123 4567", "+358 40 1234567", "00358401234567",
                                        "040-123 4567", "\t040 123 4567\r\n"}) {
      CAPTURE(text);
      const auto phone = normalize_phone(text);
      REQUIRE(phone.has_value());
      CHECK(*phone == "+358401234567");
    }
  }

  TEST_CASE("phone: a Finnish landline with its area code in parentheses") {
    const auto phone = normalize_phone("(08) 558 41234");
    REQUIRE(phone.has_value());
    CHECK(*phone == "+358855841234");
  }

  TEST_CASE("phone: a foreign number given with + or 00") {
    for (const std::string_view text : {"+46 70 123 45 67", "0046 70 123 45 67"}) {
      CAPTURE(text);
      const auto phone = normalize_phone(text);
      REQUIRE(phone.has_value());
      CHECK(*phone == "+46701234567");
    }
  }

  TEST_CASE("phone: nothing given") {
    for (const std::string_view text : {"", "   ", "\t\r\n"}) {
      CAPTURE(text);
      const auto phone = normalize_phone(text);
      REQUIRE_FALSE(phone.has_value());
      CHECK(phone.reason() == "no phone number given");
    }
  }

  TEST_CASE("phone: letters and other characters are refused, not read as keypad digits") {
    for (const std::string_view text :
         {"abc", "1-800-FLOWERS", "040 123 4567 ext. 12", "040 1234567 kotona", "tel:+358401234567",
          "040 123 4567#"}) {
      CAPTURE(text);
      CHECK(phone_refusal(text).find("may contain only digits") != std::string::npos);
    }
  }

  TEST_CASE("phone: numbers libphonenumber does not consider valid are refused") {
    for (const std::string_view text :
         {"12", "112", "+358 40 123", "0401234567890123", "040+1234567", "+999 123 456", "+", "00",
          "999999999999999999999999"}) {
      CAPTURE(text);
      CHECK(phone_refusal(text) == "not a valid phone number");
    }
  }

  TEST_CASE("phone: refusals write nothing to stdout or stderr") {
    std::vector<bool> accepted;
    const std::string output = console_output_of([&accepted] {
      for (const std::string_view text :
           {"+", "00", "+358 0", "999999999999999999999999", "12", "+999 123 456"}) {
        accepted.push_back(normalize_phone(text).has_value());
      }
    });
    CHECK(output.empty());
    CHECK(accepted == std::vector<bool>(6, false));
  }

  TEST_CASE("phone: concurrent callers get the same answers") {
    constexpr int kThreads = 4;
    constexpr int kCalls = 500;
    std::vector<int> right(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&right, t] {
        for (int i = 0; i < kCalls; ++i) {
          const auto good = normalize_phone("040 123 4567");
          const auto bad = normalize_phone("+358 40 123");
          if (good && *good == "+358401234567" && !bad) ++right[static_cast<std::size_t>(t)];
        }
      });
    }
    for (auto& thread : threads) thread.join();
    CHECK(right == std::vector<int>(kThreads, kCalls));
  }

  // --- e-mail --------------------------------------------------------------------------------

  TEST_CASE("email: surrounding white space is trimmed, the domain lower-cased in the key") {
    const auto email = normalize_email("  Anna.Virtanen@Ouka.FI \t\r\n");
    REQUIRE(email.has_value());
    CHECK(email->address == "Anna.Virtanen@Ouka.FI");
    CHECK(email->key == "Anna.Virtanen@ouka.fi");
  }

  TEST_CASE("email: the domain is compared without case, the local part with it") {
    const auto upper_domain = normalize_email("anna@OUKA.fi");
    const auto lower_domain = normalize_email("anna@ouka.FI");
    const auto upper_local = normalize_email("Anna@ouka.fi");
    REQUIRE(upper_domain.has_value());
    REQUIRE(lower_domain.has_value());
    REQUIRE(upper_local.has_value());
    CHECK(upper_domain->key == lower_domain->key);
    CHECK(upper_domain->key == "anna@ouka.fi");
    CHECK(upper_local->key == "Anna@ouka.fi");
    CHECK(upper_local->key != upper_domain->key);
  }

  TEST_CASE("email: a UTF-8 local part and an xn-- domain are accepted as given") {
    const auto email = normalize_email("P\xc3\xa4ivi@XN--Oulu-Test.fi");
    REQUIRE(email.has_value());
    CHECK(email->key == "P\xc3\xa4ivi@xn--oulu-test.fi");
  }

  TEST_CASE("email: exactly one @") {
    for (const std::string_view text :
         {"anna.ouka.fi", "anna@virtanen@ouka.fi", "", "anna@@ouka.fi"}) {
      CAPTURE(text);
      CHECK(email_refusal(text) == "an e-mail address needs exactly one @");
    }
  }

  TEST_CASE("email: the local part is non-empty, at most 64 bytes, without white space") {
    CHECK(email_refusal("@ouka.fi") == "the part before the @ is empty");
    CHECK(normalize_email(std::string(64, 'a') + "@ouka.fi").has_value());
    CHECK(email_refusal(std::string(65, 'a') + "@ouka.fi") ==
          "the part before the @ is longer than 64 bytes");
    for (const std::string_view text :
         {"anna virtanen@ouka.fi", "anna\tv@ouka.fi", "anna\x01@ouka.fi", "anna\x7f@ouka.fi"}) {
      CAPTURE(text);
      CHECK(email_refusal(text) ==
            "the part before the @ contains white space or control characters");
    }
  }

  TEST_CASE("email: the domain is non-empty and at most 255 bytes") {
    const std::string label(63, 'a');
    const std::string longest = label + "." + label + "." + label + "." + label;  // 255 bytes
    REQUIRE(longest.size() == 255);
    CHECK(normalize_email("anna@" + longest).has_value());
    CHECK(email_refusal("anna@") == "the domain is empty");
    CHECK(email_refusal("anna@a" + longest) == "the domain is longer than 255 bytes");
  }

  TEST_CASE("email: the domain has at least two labels") {
    CHECK(email_refusal("anna@localhost") == "the domain needs at least two parts, as in ouka.fi");
  }

  TEST_CASE("email: each domain label is 1-63 letters, digits and inner hyphens") {
    CHECK(normalize_email("anna@oulun-kaupunki.ouka.fi").has_value());
    CHECK(normalize_email("anna@" + std::string(63, 'x') + ".fi").has_value());
    for (const std::string_view text :
         {"anna@ouka..fi", "anna@.ouka.fi", "anna@ouka.fi.", "anna@-ouka.fi", "anna@ouka-.fi",
          "anna@ou_ka.fi", "anna@ouka fi.fi", "anna@[10.0.0.1]", "anna@o\xc3\xa4.fi"}) {
      CAPTURE(text);
      CHECK(email_refusal(text) == "the domain is not valid");
    }
    CHECK(email_refusal("anna@" + std::string(64, 'x') + ".fi") == "the domain is not valid");
  }
}

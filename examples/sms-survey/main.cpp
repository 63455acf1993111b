// An SMS system's view of the Oulu 10 register through liboulu10gdpr: the numbers that called
// since a date and may get the satisfaction survey, one "number<TAB>call id" line each, for the
// gateway to send to. Objections, restrictions and withdrawn consents are left out by the
// library; the read is recorded in the register's audit trail under the given actor.
//
//   sms-survey-list REGISTER SINCE [ACTOR]
//   sms-survey-list /var/lib/oulu10-gdpr/register.db 2026-11-28 sms-gateway
#include <exception>
#include <iostream>

#include <oulu10gdpr/oulu10gdpr.hpp>

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: sms-survey-list REGISTER SINCE [ACTOR]\n";
    return 2;
  }
  const oulu10::api::Access access{argv[1], argc == 4 ? argv[3] : "sms-gateway", std::nullopt};
  try {
    for (const auto& number : oulu10::api::survey_eligible(access, argv[2])) {
      std::cout << number.phone << '\t' << number.call_id << '\n';
    }
  } catch (const oulu10::Error& error) {  // every error of the library is one
    std::cerr << "sms-survey-list: " << error.what() << '\n';
    return static_cast<int>(error.code());
  }
  std::cerr << "liboulu10gdpr " << oulu10::api::version() << ", notice of "
            << oulu10::api::notice_date() << '\n';
  return std::cout.flush() ? 0 : 74;
}

#include "rights/clerk_note.hpp"

namespace oulu10::rights {

std::string clerk_note(const SubjectRecords& records) {
  if (records.other_people_left_out == 0) return {};
  return std::to_string(records.other_people_left_out) +
         " customer record(s) matching the given phone or e-mail carry another henkilötunnus "
         "and were left out as another person's (GDPR art. 15(4))";
}

}  // namespace oulu10::rights

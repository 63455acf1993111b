#include "rights/clerk_note.hpp"

#include <fmt/format.h>

namespace oulu10::rights {

std::string clerk_note(const SubjectRecords& records) {
  if (records.other_people_left_out == 0) return {};
  return std::to_string(records.other_people_left_out) +
         " customer record(s) matching the given phone or e-mail carry another henkilötunnus "
         "and were left out as another person's (GDPR art. 15(4))";
}

std::string clerk_note(const SubjectRecords& records, const std::vector<TextMention>& mentions,
                       Redaction redaction) {
  auto note = clerk_note(records);
  if (mentions.empty()) return note;
  const char* done = redaction == Redaction::redact ? "redacted"
                     : redaction == Redaction::keep ? "kept, as --no-redact asked"
                                                    : "marked for review in the reply";
  note += fmt::format("{}{} identifier(s) of other people in the free text (GDPR art. 15(4)), {}:",
                      note.empty() ? "" : "\n", mentions.size(), done);
  for (const auto& mention : mentions) {
    note += fmt::format("\n  {} {} {}: {}", type_name(mention.category), mention.record,
                        mention.field, identity::id_of(mention.kind));
  }
  return note;
}

}  // namespace oulu10::rights

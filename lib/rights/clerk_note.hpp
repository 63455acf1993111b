#pragma once
// What the clerk should know about a read that the reply to the subject must not say.
#include <string>

#include "model/subject.hpp"
#include "rights/third_party_text.hpp"

namespace oulu10::rights {

// Customer records left out as another person's (art. 15(4)); empty when there is nothing to
// tell.
std::string clerk_note(const SubjectRecords& records);

// The same, and where the free text held other people's identifiers (art. 15(4)), without
// their values: one line a mention, with what was done with them.
std::string clerk_note(const SubjectRecords& records, const std::vector<TextMention>& mentions,
                       Redaction redaction);

}  // namespace oulu10::rights

#pragma once
// What the clerk should know about a read that the reply to the subject must not say.
#include <string>

#include "model/subject.hpp"

namespace oulu10::rights {

// Customer records left out as another person's (art. 15(4)); empty when there is nothing to
// tell.
std::string clerk_note(const SubjectRecords& records);

}  // namespace oulu10::rights

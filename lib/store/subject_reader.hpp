#pragma once
// Reads everything the register holds about one data subject. The subject is what the clerk
// named and nothing more (GDPR art. 15(4)): every customer record matching one of the given
// identifiers, every record linked to those customers, unlinked records (a call, chat or
// consent with no customer) whose phone or e-mail is one the clerk gave, and cases with no
// customer that are linked to the subject's calls or chats. A customer's own phone number
// does not pull in other people's unlinked calls from that number, and when the clerk gives a
// henkilötunnus, a customer record with another henkilötunnus is another person even if its
// phone or e-mail matches.
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/subject.hpp"

namespace oulu10::store {

// Reads many subjects at once with set-based queries, then shares the records out per subject:
// a bulk export costs a few statements per chunk of subjects, not per subject. Statements are
// prepared once.
class SubjectReader {
 public:
  virtual ~SubjectReader() = default;

  // One SubjectRecords per subject, in order. Records come in a stable order: by time, then
  // by source id. A record that matches several subjects is in each of them.
  virtual std::vector<SubjectRecords> read(const std::vector<SubjectKeys>& subjects) = 0;
  virtual SubjectRecords read(const SubjectKeys& keys) = 0;
};

}  // namespace oulu10::store

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

#include "register/records.hpp"
#include "register/register.hpp"
#include "register/sqlite.hpp"

namespace oulu10::store {

// Normalised identifiers; a record matches if it matches any of them.
struct SubjectKeys {
  std::vector<std::string> hetus;
  std::vector<std::string> phones;        // E.164
  std::vector<std::string> email_keys;    // see identity::Email::key
  std::vector<std::string> customer_ids;  // source ids
};

template <typename Record>
struct Stored {
  std::int64_t row = 0;  // the register's own key, for later changes in the same transaction
  Record record;
};

struct ActiveRestriction {
  std::int64_t id = 0;
  std::string ground;  // accuracy, unlawful, legal-claims or objection
  Timestamp since;
  std::optional<std::string> request_id;
};

struct SubjectRecords {
  std::vector<Stored<CustomerRecord>> customers;
  std::vector<Stored<CaseRecord>> cases;
  std::vector<Stored<ChatRecord>> chats;
  std::vector<Stored<CallRecord>> calls;
  std::vector<Stored<SmsSurveyRecord>> sms_surveys;
  std::vector<Stored<ConsentRecord>> consents;
  // Calls and chats linked to an open complaint case: held until it closes.
  std::set<std::int64_t> calls_in_open_complaints;
  std::set<std::int64_t> chats_in_open_complaints;
  // Active restrictions (art. 18) covering any of these records, oldest first, and the
  // records they cover.
  std::vector<ActiveRestriction> restrictions;
  std::set<RowKey> restricted;
  // Customer records that matched a given phone or e-mail but carry another henkilötunnus
  // than the ones given: another person's, so left out (art. 15(4)). For the clerk to know.
  std::size_t other_people_left_out = 0;

  [[nodiscard]] bool empty() const;
  [[nodiscard]] std::size_t count(Category category) const;
};

// Reads many subjects at once with set-based queries, then shares the records out per subject:
// a bulk export costs a few statements per chunk of subjects, not per subject. Statements are
// prepared once.
class SubjectReader {
 public:
  explicit SubjectReader(Register& reg);
  ~SubjectReader();

  // One SubjectRecords per subject, in order. Records come in a stable order: by time, then
  // by source id. A record that matches several subjects is in each of them.
  std::vector<SubjectRecords> read(const std::vector<SubjectKeys>& subjects);
  SubjectRecords read(const SubjectKeys& keys);

 private:
  struct Statements;
  std::unique_ptr<Statements> statements_;
};

}  // namespace oulu10::store

#pragma once
// Reads everything the register holds about one data subject. The subject is what the clerk
// named and nothing more (GDPR art. 15(4)): every customer record matching one of the given
// identifiers, every record linked to those customers, and unlinked records (a call, chat or
// consent with no customer) whose phone or e-mail is one the clerk gave. A customer's own
// phone number does not pull in other people's unlinked calls from that number.
#include <cstdint>
#include <initializer_list>
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
  std::vector<std::string> phones;      // E.164
  std::vector<std::string> email_keys;  // see identity::Email::key
  std::vector<std::string> customer_ids;  // source ids
};

template <typename Record>
struct Stored {
  std::int64_t row = 0;  // the register's own key, for later changes in the same transaction
  Record record;
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

  [[nodiscard]] bool empty() const;
  [[nodiscard]] std::size_t count(Category category) const;
};

class SubjectReader {
 public:
  explicit SubjectReader(Register& reg);
  // Records come in a stable order: by time, then by source id.
  SubjectRecords read(const SubjectKeys& keys);

 private:
  // Runs a query of row ids whose parameters are JSON arrays, one per placeholder.
  std::vector<std::int64_t> ids(sqlite::Statement& query,
                                std::initializer_list<std::string> json_lists);

  sqlite::Connection& db_;
  sqlite::Statement customer_ids_;
  sqlite::Statement case_ids_;
  sqlite::Statement chat_ids_;
  sqlite::Statement call_ids_;
  sqlite::Statement survey_ids_;
  sqlite::Statement consent_ids_;
  sqlite::Statement customers_;
  sqlite::Statement cases_;
  sqlite::Statement case_links_;
  sqlite::Statement chats_;
  sqlite::Statement messages_;
  sqlite::Statement calls_;
  sqlite::Statement surveys_;
  sqlite::Statement consents_;
  sqlite::Statement open_complaint_links_;
};

}  // namespace oulu10::store

#pragma once
// The data subject as the clerk named them, and the records the register holds about them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "model/category.hpp"
#include "model/records.hpp"

namespace oulu10 {

// Normalised identifiers; a record matches if it matches any of them.
struct SubjectKeys {
  std::vector<std::string> hetus;
  std::vector<std::string> phones;        // E.164
  std::vector<std::string> email_keys;    // see identity::Email::key
  std::vector<std::string> customer_ids;  // source ids
};

struct Subject {
  SubjectKeys keys;
  // "kind:value" of every identifier, sorted: what the audit pseudonym is made of.
  [[nodiscard]] std::vector<std::string> identifiers() const;
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

  // Calls visit(category, records) for the records of each category, in kCategoryTable order.
  template <typename Visit>
  void each_category(Visit&& visit) const {
    visit(Category::customer, customers);
    visit(Category::case_, cases);
    visit(Category::chat, chats);
    visit(Category::call, calls);
    visit(Category::sms_survey, sms_surveys);
    visit(Category::consent, consents);
  }

  [[nodiscard]] CategoryCounts counts() const;
  [[nodiscard]] std::size_t count(Category category) const { return counts()[category]; }
  [[nodiscard]] bool empty() const { return counts().total() == 0; }
};

// Every identifier of the subject ("phone:+358…"): those the clerk gave and those the
// subject's records carry (henkilötunnus, numbers, e-mail, customer ids), sorted. An objection
// is recorded, and found again, under all of them.
std::vector<std::string> identifiers_with_records(const Subject& subject,
                                                  const SubjectRecords& records);

// Whether an identifier ("hetu:…") names one person: a henkilötunnus or a source system's
// customer id does; a phone number or an e-mail address may be shared by several.
bool names_one_person(std::string_view identifier);

}  // namespace oulu10

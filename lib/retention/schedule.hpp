#pragma once
// When each record of a subject is deleted under the notice's retention rules, or why it is
// held. The rules come from the policy; this module only knows what the anchors mean.
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "policy/policy.hpp"
#include "store/subject_reader.hpp"

namespace oulu10::retention {

enum class Hold {
  relationship_ongoing,  // the customer relationship has not ended: its period has not begun
  case_open,             // an open case is kept until it closes
  open_complaint,        // tied to an open complaint case, which may need to check it
  records_held,          // a customer is kept while any record of theirs is kept
  restricted,            // processing is restricted (art. 18): kept until the restriction ends
};

struct Schedule {
  std::optional<Timestamp> expires;  // deleted at this time, unless something holds it
  std::vector<Hold> holds;
  [[nodiscard]] bool held() const { return !holds.empty(); }
};


// The schedule of every record of a subject.
std::map<RowKey, Schedule> schedule(const policy::Policy& policy,
                                       const SubjectRecords& records);

}  // namespace oulu10::retention

#pragma once
// When each record of a subject is deleted under the notice's retention rules, or why it is
// held: the access reply's account of what the purge will do, from the same rules.
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "model/retention.hpp"
#include "model/subject.hpp"

namespace oulu10::retention {

struct Schedule {
  std::optional<Timestamp> expires;  // deleted at this time, unless something holds it
  std::vector<KeptBecause> holds;
  [[nodiscard]] bool held() const { return !holds.empty(); }
};

// The schedule of every record of a subject.
std::map<RowKey, Schedule> schedule(const RetentionRules& rules, const SubjectRecords& records);

}  // namespace oulu10::retention

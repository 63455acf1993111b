#pragma once
// The calls an SMS satisfaction survey may be sent about: storage only. The suppression list
// (objections) is checked by the caller, since it holds keyed hashes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/register.hpp"

namespace oulu10::store {

struct SurveyCall {
  std::string phone;      // E.164
  std::string source_id;  // the number's latest call in the period
  Timestamp started_at;
  std::optional<std::string> customer;  // the latest call's customer, if linked
};

// One row per number that called at or after `since`: its latest call. Left out are numbers
// of restricted records (art. 18), calls of restricted customers, and numbers and customers
// whose consent for `purpose` is withdrawn and not given again. Ordered by number.
std::vector<SurveyCall> survey_calls(Register& reg, Timestamp since, std::string_view purpose);

}  // namespace oulu10::store

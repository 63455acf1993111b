#pragma once
// A call an SMS satisfaction survey may be sent about (see Store::survey_calls).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace oulu10::store {

struct SurveyCall {
  std::string phone;      // E.164
  std::string source_id;  // the number's latest call in the period
  Timestamp started_at;
  std::optional<std::string> customer;  // the latest call's customer, if linked
};

}  // namespace oulu10::store

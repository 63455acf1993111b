#include "requests/deadline.hpp"

#include <algorithm>

namespace oulu10::requests {

using namespace std::chrono;

Date months_after(Date start, int months) {
  const year_month target = year_month{start.year(), start.month()} + std::chrono::months{months};
  const auto last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
  return target / std::min(start.day(), last);
}

Date answer_due(Date received) { return working_day_on_or_after(months_after(received, 1)); }

Date extended_due(Date received) {
  return working_day_on_or_after(months_after(months_after(received, 1), 2));
}

}  // namespace oulu10::requests

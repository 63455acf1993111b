#pragma once
// Marking consents withdrawn (art. 7(3)): storage only.
#include <cstdint>

#include "core/time.hpp"

namespace oulu10::store {

class ConsentUpdate {
 public:
  virtual ~ConsentUpdate() = default;
  // Withdrawn from `at` on; a consent already withdrawn keeps its first withdrawal time.
  virtual void withdraw(std::int64_t consent, Timestamp at) = 0;
};

}  // namespace oulu10::store

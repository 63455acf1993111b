#pragma once
// Marking consents withdrawn (art. 7(3)): storage only.
#include <cstdint>

#include "core/time.hpp"
#include "store/register.hpp"
#include "store/sqlite/connection.hpp"

namespace oulu10::store {

class ConsentUpdate {
 public:
  explicit ConsentUpdate(Register& reg);
  // Withdrawn from `at` on; a consent already withdrawn keeps its first withdrawal time.
  void withdraw(std::int64_t consent, Timestamp at);

 private:
  sqlite::Statement withdraw_;
};

}  // namespace oulu10::store

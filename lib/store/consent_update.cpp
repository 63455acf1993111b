#include "store/consent_update.hpp"

namespace oulu10::store {

ConsentUpdate::ConsentUpdate(Register& reg)
    : withdraw_(reg.connection(),
                "UPDATE consent SET withdrawn_at = ?2 WHERE id = ?1 AND withdrawn_at IS NULL") {}

void ConsentUpdate::withdraw(std::int64_t consent, Timestamp at) {
  withdraw_.bind_all(consent, to_unix(at)).run();
}

}  // namespace oulu10::store

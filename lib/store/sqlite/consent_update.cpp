#include "store/consent_update.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {

namespace {

class SqliteConsentUpdate final : public ConsentUpdate {
 public:
  explicit SqliteConsentUpdate(SqliteStore& store);
  void withdraw(std::int64_t consent, Timestamp at) override;

 private:
  sqlite::Statement withdraw_;
};

}  // namespace

SqliteConsentUpdate::SqliteConsentUpdate(SqliteStore& store)
    : withdraw_(store.connection(),
                "UPDATE consent SET withdrawn_at = ?2 WHERE id = ?1 AND withdrawn_at IS NULL") {}

void SqliteConsentUpdate::withdraw(std::int64_t consent, Timestamp at) {
  withdraw_.bind_all(consent, to_unix(at)).run();
}

std::unique_ptr<ConsentUpdate> SqliteStore::consent_update() {
  return std::make_unique<SqliteConsentUpdate>(*this);
}

}  // namespace oulu10::store

#include "store/customer_update.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {

// One statement for any set of fields: each column has a flag saying whether to set it, so the
// statement is prepared once and no SQL is assembled from what the clerk typed.
namespace {

class SqliteCustomerUpdate final : public CustomerUpdate {
 public:
  explicit SqliteCustomerUpdate(SqliteStore& store);
  void apply(std::int64_t customer_row, const CustomerChange& change) override;

 private:
  sqlite::Statement update_;
};

}  // namespace

SqliteCustomerUpdate::SqliteCustomerUpdate(SqliteStore& store)
    : update_(store.connection(), R"sql(
        UPDATE customer SET
          hetu = CASE WHEN ?2 THEN ?3 ELSE hetu END,
          name = CASE WHEN ?4 THEN ?5 ELSE name END,
          address = CASE WHEN ?6 THEN ?7 ELSE address END,
          phone = CASE WHEN ?8 THEN ?9 ELSE phone END,
          email = CASE WHEN ?10 THEN ?11 ELSE email END,
          email_key = CASE WHEN ?12 THEN ?13 ELSE email_key END,
          service = CASE WHEN ?14 THEN ?15 ELSE service END
        WHERE id = ?1)sql") {}

void SqliteCustomerUpdate::apply(std::int64_t customer_row, const CustomerChange& change) {
  int index = 1;
  update_.bind(index, customer_row);
  for (const auto* field : {&change.hetu, &change.name, &change.address, &change.phone,
                            &change.email, &change.email_key, &change.service}) {
    update_.bind(++index, field->has_value());
    update_.bind(++index, field->has_value() ? **field : std::nullopt);
  }
  update_.run();
}

std::unique_ptr<CustomerUpdate> SqliteStore::customer_update() {
  return std::make_unique<SqliteCustomerUpdate>(*this);
}

}  // namespace oulu10::store

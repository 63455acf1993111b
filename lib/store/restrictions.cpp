#include "store/restrictions.hpp"

namespace oulu10::store {

Restrictions::Restrictions(Register& reg)
    : insert_(reg.connection(),
              "INSERT INTO restriction (ground, started_at, request_id) VALUES (?1, ?2, ?3) "
              "RETURNING id"),
      cover_(reg.connection(),
             "INSERT OR IGNORE INTO restricted_record (category, record_id, restriction_id) "
             "VALUES (?1, ?2, ?3)"),
      delete_(reg.connection(), "DELETE FROM restriction WHERE id = ?1") {}

std::int64_t Restrictions::create(std::string_view ground, Timestamp started_at,
                                  const std::optional<std::string>& request_id,
                                  const std::vector<RowKey>& records) {
  insert_.bind_all(ground, to_unix(started_at), request_id);
  insert_.step();
  const auto id = insert_.int64(0);
  insert_.reset();
  for (const auto& [category, row] : records) cover_.bind_all(type_name(category), row, id).run();
  return id;
}

void Restrictions::lift(std::int64_t restriction) { delete_.bind(1, restriction).run(); }

}  // namespace oulu10::store

#include "store/restrictions.hpp"

#include <fmt/format.h>

#include "store/sqlite/sqlite_store.hpp"

#include <set>

namespace oulu10::store {

namespace {

class SqliteRestrictions final : public Restrictions {
 public:
  explicit SqliteRestrictions(SqliteStore& store);
  std::int64_t create(std::string_view ground, Timestamp started_at,
                      const std::optional<std::string>& request_id,
                      const std::vector<RowKey>& records) override;
  std::vector<std::int64_t> covering(const std::vector<RowKey>& records) override;
  std::vector<std::pair<Category, std::string>> covered(
      const std::vector<std::int64_t>& restrictions) override;
  void lift(std::int64_t restriction) override;

 private:
  sqlite::Statement insert_;
  sqlite::Statement cover_;
  sqlite::Statement covering_;
  sqlite::Statement delete_;
  SqliteStore& store_;
};

}  // namespace

SqliteRestrictions::SqliteRestrictions(SqliteStore& store)
    : insert_(store.connection(),
              "INSERT INTO restriction (ground, started_at, request_id) VALUES (?1, ?2, ?3) "
              "RETURNING id"),
      cover_(store.connection(),
             "INSERT OR IGNORE INTO restricted_record (category, record_id, restriction_id) "
             "VALUES (?1, ?2, ?3)"),
      covering_(store.connection(),
                "SELECT restriction_id FROM restricted_record WHERE category = ?1 AND "
                "record_id = ?2"),
      delete_(store.connection(), "DELETE FROM restriction WHERE id = ?1"),
      store_(store) {}

std::int64_t SqliteRestrictions::create(std::string_view ground, Timestamp started_at,
                                        const std::optional<std::string>& request_id,
                                        const std::vector<RowKey>& records) {
  insert_.bind_all(ground, to_unix(started_at), request_id);
  insert_.step();
  const auto id = insert_.int64(0);
  insert_.reset();
  for (const auto& [category, row] : records) cover_.bind_all(type_name(category), row, id).run();
  return id;
}

std::vector<std::int64_t> SqliteRestrictions::covering(const std::vector<RowKey>& records) {
  std::set<std::int64_t> found;
  for (const auto& [category, row] : records) {
    covering_.bind_all(type_name(category), row);
    while (covering_.step()) found.insert(covering_.int64(0));
    covering_.reset();
  }
  return {found.begin(), found.end()};
}

std::vector<std::pair<Category, std::string>> SqliteRestrictions::covered(
    const std::vector<std::int64_t>& restrictions) {
  std::set<std::pair<Category, std::string>> found;
  for (const auto category : kCategories) {
    sqlite::Statement query(
        store_.connection(),
        fmt::format("SELECT record.source_id FROM restricted_record JOIN {} AS record ON "
                    "record.id = restricted_record.record_id WHERE restricted_record.category = "
                    "'{}' AND restricted_record.restriction_id = ?1",
                    table_name(category), type_name(category)));
    for (const auto restriction : restrictions) {
      query.bind(1, restriction);
      while (query.step()) found.emplace(category, query.text(0));
      query.reset();
    }
  }
  return {found.begin(), found.end()};
}

void SqliteRestrictions::lift(std::int64_t restriction) { delete_.bind(1, restriction).run(); }

std::unique_ptr<Restrictions> SqliteStore::restrictions() {
  return std::make_unique<SqliteRestrictions>(*this);
}

}  // namespace oulu10::store

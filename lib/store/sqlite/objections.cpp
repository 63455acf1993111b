#include "store/objections.hpp"

#include "store/sqlite/sqlite_store.hpp"

#include <nlohmann/json.hpp>

namespace oulu10::store {

namespace {

class SqliteObjections final : public Objections {
 public:
  explicit SqliteObjections(SqliteStore& store);
  std::size_t record(std::string_view purpose, const std::vector<std::string>& identifiers,
                     Timestamp at) override;
  std::size_t record_keys(std::string_view purpose, const std::vector<std::string>& keys,
                          Timestamp at) override;
  std::vector<Objection> find(const std::vector<std::string>& identifiers) override;
  bool objected(std::string_view purpose, std::string_view identifier) override;

 private:
  std::string key(std::string_view identifier);

  SqliteStore& store_;
  sqlite::Statement insert_;
  sqlite::Statement find_;
  sqlite::Statement exists_;
};

}  // namespace

SqliteObjections::SqliteObjections(SqliteStore& store)
    : store_(store),
      insert_(store.connection(),
              "INSERT OR IGNORE INTO objection (identifier_key, purpose, objected_at) "
              "VALUES (?1, ?2, ?3)"),
      find_(store.connection(),
            "SELECT purpose, min(objected_at) FROM objection "
            "WHERE identifier_key IN (SELECT value FROM json_each(?1)) "
            "GROUP BY purpose ORDER BY purpose"),
      exists_(store.connection(),
              "SELECT 1 FROM objection WHERE purpose = ?1 AND identifier_key = ?2") {}

std::string SqliteObjections::key(std::string_view identifier) {
  return store_.keyed_hash(identifier);
}

std::size_t SqliteObjections::record(std::string_view purpose,
                                     const std::vector<std::string>& identifiers, Timestamp at) {
  std::vector<std::string> keys;
  for (const auto& identifier : identifiers) keys.push_back(key(identifier));
  return record_keys(purpose, keys, at);
}

std::size_t SqliteObjections::record_keys(std::string_view purpose,
                                          const std::vector<std::string>& keys, Timestamp at) {
  std::size_t added = 0;
  for (const auto& identifier_key : keys) {
    insert_.bind_all(identifier_key, purpose, to_unix(at)).run();
    added += static_cast<std::size_t>(store_.connection().changes());
  }
  return added;
}

std::vector<Objection> SqliteObjections::find(const std::vector<std::string>& identifiers) {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& identifier : identifiers) keys.push_back(key(identifier));
  find_.bind(1, keys.dump());
  std::vector<Objection> out;
  while (find_.step()) out.push_back({find_.text(0), from_unix(find_.int64(1))});
  find_.reset();
  return out;
}

bool SqliteObjections::objected(std::string_view purpose, std::string_view identifier) {
  exists_.bind_all(purpose, key(identifier));
  const bool found = exists_.step();
  exists_.reset();
  return found;
}

std::unique_ptr<Objections> SqliteStore::objections() {
  return std::make_unique<SqliteObjections>(*this);
}

}  // namespace oulu10::store

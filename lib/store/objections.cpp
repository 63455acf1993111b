#include "store/objections.hpp"

#include <nlohmann/json.hpp>

namespace oulu10::store {

Objections::Objections(Register& reg)
    : reg_(reg),
      insert_(reg.connection(),
              "INSERT OR IGNORE INTO objection (identifier_key, purpose, objected_at) "
              "VALUES (?1, ?2, ?3)"),
      find_(reg.connection(),
            "SELECT purpose, min(objected_at) FROM objection "
            "WHERE identifier_key IN (SELECT value FROM json_each(?1)) "
            "GROUP BY purpose ORDER BY purpose"),
      exists_(reg.connection(),
              "SELECT 1 FROM objection WHERE purpose = ?1 AND identifier_key = ?2") {}

std::string Objections::key(std::string_view identifier) { return reg_.keyed_hash(identifier); }

std::size_t Objections::record(std::string_view purpose,
                               const std::vector<std::string>& identifiers, Timestamp at) {
  std::size_t added = 0;
  for (const auto& identifier : identifiers) {
    insert_.bind_all(key(identifier), purpose, to_unix(at)).run();
    added += static_cast<std::size_t>(reg_.connection().changes());
  }
  return added;
}

std::vector<Objection> Objections::find(const std::vector<std::string>& identifiers) {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& identifier : identifiers) keys.push_back(key(identifier));
  find_.bind(1, keys.dump());
  std::vector<Objection> out;
  while (find_.step()) out.push_back({find_.text(0), from_unix(find_.int64(1))});
  find_.reset();
  return out;
}

bool Objections::objected(std::string_view purpose, std::string_view identifier) {
  exists_.bind_all(purpose, key(identifier));
  const bool found = exists_.step();
  exists_.reset();
  return found;
}

}  // namespace oulu10::store

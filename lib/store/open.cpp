// Where an engine is chosen. One today: SQLite, a file on this machine.
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace oulu10::store {

std::unique_ptr<Store> open(const Settings& settings) {
  return std::make_unique<SqliteStore>(settings);
}

InitReport initialise(const Settings& settings) { return initialise_sqlite(settings); }

void replace_register(const Settings& settings, const std::filesystem::path& copy,
                      const std::function<void(Store& staged)>& accept) {
  replace_register_sqlite(settings, copy, accept);
}

}  // namespace oulu10::store

#include <fmt/format.h>

#include "store/store.hpp"

namespace oulu10::store {

std::string source_key(Store& store, Category category, std::string_view source_id) {
  // The type keeps equal ids of two categories apart.
  return store.keyed_hash(fmt::format("{}:{}", type_name(category), source_id));
}

std::string register_id(Store& store) {
  // The text is the rights journal's, which named registers by it first: a journal's lines and
  // the trail's anchors of one register carry the same id.
  return store.keyed_hash("oulu10-gdpr rights journal").substr(0, 24);
}

std::filesystem::path journal_path(const Settings& settings) {
  if (!settings.journal.empty()) return settings.journal;
  auto path = settings.path;
  path += ".rights-journal";
  return path;
}

}  // namespace oulu10::store

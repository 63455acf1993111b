#include "store/recordings.hpp"

#include <algorithm>

#include "store/store.hpp"

namespace oulu10::store {

bool is_safe_recording_path(std::string_view stored) {
  const std::filesystem::path path(stored);
  if (stored.empty() || path.has_root_path()) return false;
  return std::none_of(path.begin(), path.end(), [](const auto& part) { return part == ".."; });
}

std::optional<std::filesystem::path> recording_path(const Store& store, std::string_view stored) {
  if (!is_safe_recording_path(stored)) return std::nullopt;
  return store.recordings() / std::filesystem::path(stored);
}

}  // namespace oulu10::store

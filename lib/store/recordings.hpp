#pragma once
// Calls' recording files: a call's `recording` is a path relative to the store's recordings
// directory, and nothing outside that directory is ever deleted.
#include <filesystem>
#include <optional>
#include <string_view>

namespace oulu10::store {

class Store;

// A recording file's path as stored, inside the recordings directory; nullopt for a path that
// would lead out of it (import refuses those, so only a register edited by hand has them).
std::optional<std::filesystem::path> recording_path(const Store& store, std::string_view stored);

// A stored recording path must be relative and stay inside the directory: no "..", no root.
bool is_safe_recording_path(std::string_view stored);

}  // namespace oulu10::store

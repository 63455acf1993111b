#pragma once
// The rights journal's file: text lines, appended under an exclusive lock and synced before
// the command that wrote them reports success. A crash while appending leaves at most a last
// line without its line feed: readers ignore it, and the next append cuts it off first.
// Only whole lines count. Errors are IoFailure, naming the file.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oulu10::journal {

class JournalFile {
 public:
  explicit JournalFile(std::filesystem::path path) : path_(std::move(path)) {}

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  // The last whole line; nullopt when the file is missing or has none. Reads from the end.
  [[nodiscard]] std::optional<std::string> last_line() const;

  // Every whole line, in order, with its number from 1.
  void each_line(
      const std::function<void(std::string_view text, std::int64_t number)>& visit) const;

  // Under the lock: gives `missing` the last whole line (nullopt if none), appends the lines
  // it returns, and syncs. Creates the file, mode 0600, if it is missing.
  void append(const std::function<std::vector<std::string>(const std::optional<std::string>& last)>&
                  missing) const;

 private:
  std::filesystem::path path_;
};

}  // namespace oulu10::journal

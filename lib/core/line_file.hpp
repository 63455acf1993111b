#pragma once
// A file of text lines outside the register, appended under an exclusive lock and synced before
// the command that wrote them reports success: the rights journal (journal/file.hpp) and the
// audit trail's anchor file (audit/anchor.hpp). A crash while appending leaves at most a last
// line without its line feed: readers ignore it, and the next append cuts it off first. Only
// whole lines count. Errors are IoFailure, naming the file as `what` says ("the rights journal").
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oulu10 {

class LineFile {
 public:
  LineFile(std::filesystem::path path, std::string what)
      : path_(std::move(path)), what_(std::move(what)) {}

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  // The last whole line; nullopt when the file is missing or has none. Reads from the end.
  [[nodiscard]] std::optional<std::string> last_line() const;

  // Every whole line, in order, with its number from 1.
  void each_line(
      const std::function<void(std::string_view text, std::int64_t number)>& visit) const;

  // Under the lock: gives `missing` the last whole line (nullopt if none), appends the lines
  // it returns, and syncs. Creates the file, mode 0600, if it is missing, and then syncs its
  // directory too.
  void append(const std::function<std::vector<std::string>(const std::optional<std::string>& last)>&
                  missing) const;

  // IoFailure for the errno just set: "cannot DOING WHAT PATH: reason".
  [[noreturn]] void fail(std::string_view doing) const;

 private:
  std::filesystem::path path_;
  std::string what_;
};

}  // namespace oulu10

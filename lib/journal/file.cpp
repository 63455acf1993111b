#include "journal/file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/file_descriptor.hpp"
#include "oulu10gdpr/error.hpp"

namespace oulu10::journal {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view doing) {
  throw IoFailure(fmt::format("cannot {} the rights journal {}: {}", doing, path.string(),
                              std::strerror(errno)));
}

// Readers wait for an append to finish: it may cut a torn last line off while they read.
void lock_shared(int fd, const std::filesystem::path& path) {
  if (::flock(fd, LOCK_SH) != 0) fail(path, "lock");
}

off_t size_of(int fd, const std::filesystem::path& path) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) fail(path, "read");
  return status.st_size;
}

std::string read_at(int fd, off_t offset, std::size_t size, const std::filesystem::path& path) {
  std::string out(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    const auto got = ::pread(fd, out.data() + done, size - done, offset + static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) fail(path, "read");
    done += static_cast<std::size_t>(got);
  }
  return out;
}

// Where the whole lines end: after the last line feed (0 when there is none).
// Reads backwards in blocks, so a long journal costs one block per command.
constexpr std::size_t kBlock = 64 * 1024;

off_t end_of_whole_lines(int fd, off_t size, const std::filesystem::path& path) {
  off_t end = size;
  while (end > 0) {
    const auto block = std::min<off_t>(end, kBlock);
    const auto text = read_at(fd, end - block, static_cast<std::size_t>(block), path);
    const auto newline = text.rfind('\n');
    if (newline != std::string::npos) return end - block + static_cast<off_t>(newline) + 1;
    end -= block;
  }
  return 0;
}

// The last whole line of the `end` bytes that hold whole lines.
std::optional<std::string> last_whole_line(int fd, off_t end, const std::filesystem::path& path) {
  if (end == 0) return std::nullopt;
  const off_t line_end = end - 1;  // its line feed
  const off_t start = end_of_whole_lines(fd, line_end, path);
  return read_at(fd, start, static_cast<std::size_t>(line_end - start), path);
}

void write_all(int fd, std::string_view text, const std::filesystem::path& path) {
  while (!text.empty()) {
    const auto written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) fail(path, "write");
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

std::optional<std::string> JournalFile::last_line() const {
  const FileDescriptor fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.is_open()) {
    if (errno == ENOENT) return std::nullopt;
    fail(path_, "open");
  }
  lock_shared(fd.get(), path_);
  return last_whole_line(fd.get(), end_of_whole_lines(fd.get(), size_of(fd.get(), path_), path_),
                         path_);
}

void JournalFile::each_line(
    const std::function<void(std::string_view text, std::int64_t number)>& visit) const {
  const FileDescriptor fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.is_open()) {
    if (errno == ENOENT) return;
    fail(path_, "open");
  }
  lock_shared(fd.get(), path_);
  const auto end = end_of_whole_lines(fd.get(), size_of(fd.get(), path_), path_);
  std::string pending;
  std::int64_t number = 0;
  for (off_t offset = 0; offset < end;) {
    const auto block = std::min<off_t>(end - offset, kBlock);
    pending += read_at(fd.get(), offset, static_cast<std::size_t>(block), path_);
    offset += block;
    std::size_t start = 0;
    for (auto newline = pending.find('\n'); newline != std::string::npos;
         newline = pending.find('\n', start)) {
      visit(std::string_view(pending).substr(start, newline - start), ++number);
      start = newline + 1;
    }
    pending.erase(0, start);
  }
}

void JournalFile::append(
    const std::function<std::vector<std::string>(const std::optional<std::string>& last)>& missing)
    const {
  const FileDescriptor fd(::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!fd.is_open()) fail(path_, "open");
  if (::flock(fd.get(), LOCK_EX) != 0) fail(path_, "lock");
  const auto size = size_of(fd.get(), path_);
  const auto end = end_of_whole_lines(fd.get(), size, path_);
  if (end < size && ::ftruncate(fd.get(), end) != 0) fail(path_, "cut the torn last line of");
  std::string text;
  for (const auto& line : missing(last_whole_line(fd.get(), end, path_))) {
    text += line;
    text += '\n';
  }
  if (text.empty() && end == size) return;
  write_all(fd.get(), text, path_);
  if (::fsync(fd.get()) != 0) fail(path_, "sync");
  // A new file's name must survive a crash too.
  if (size == 0 && !sync_directory_of(path_)) fail(path_, "sync the directory of");
}

}  // namespace oulu10::journal

#include "core/line_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/file_descriptor.hpp"
#include "oulu10gdpr/error.hpp"

namespace oulu10 {
namespace {

// Readers wait for an append to finish: it may cut a torn last line off while they read.
void lock_shared(int fd, const LineFile& file) {
  if (::flock(fd, LOCK_SH) != 0) file.fail("lock");
}

off_t size_of(int fd, const LineFile& file) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) file.fail("read");
  return status.st_size;
}

std::string read_at(int fd, off_t offset, std::size_t size, const LineFile& file) {
  std::string out(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    const auto got = ::pread(fd, out.data() + done, size - done, offset + static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) file.fail("read");
    done += static_cast<std::size_t>(got);
  }
  return out;
}

// Where the whole lines end: after the last line feed (0 when there is none).
// Reads backwards in blocks, so a long journal costs one block per command.
constexpr std::size_t kBlock = 64 * 1024;

off_t end_of_whole_lines(int fd, off_t size, const LineFile& file) {
  off_t end = size;
  while (end > 0) {
    const auto block = std::min<off_t>(end, kBlock);
    const auto text = read_at(fd, end - block, static_cast<std::size_t>(block), file);
    const auto newline = text.rfind('\n');
    if (newline != std::string::npos) return end - block + static_cast<off_t>(newline) + 1;
    end -= block;
  }
  return 0;
}

// The last whole line of the `end` bytes that hold whole lines.
std::optional<std::string> last_whole_line(int fd, off_t end, const LineFile& file) {
  if (end == 0) return std::nullopt;
  const off_t line_end = end - 1;  // its line feed
  const off_t start = end_of_whole_lines(fd, line_end, file);
  return read_at(fd, start, static_cast<std::size_t>(line_end - start), file);
}

void write_all(int fd, std::string_view text, const LineFile& file) {
  while (!text.empty()) {
    const auto written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) file.fail("write");
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

void LineFile::fail(std::string_view doing) const {
  throw IoFailure(
      fmt::format("cannot {} {} {}: {}", doing, what_, path_.string(), std::strerror(errno)));
}

std::optional<std::string> LineFile::last_line() const {
  const FileDescriptor fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.is_open()) {
    if (errno == ENOENT) return std::nullopt;
    fail("open");
  }
  lock_shared(fd.get(), *this);
  return last_whole_line(fd.get(), end_of_whole_lines(fd.get(), size_of(fd.get(), *this), *this),
                         *this);
}

void LineFile::each_line(
    const std::function<void(std::string_view text, std::int64_t number)>& visit) const {
  const FileDescriptor fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.is_open()) {
    if (errno == ENOENT) return;
    fail("open");
  }
  lock_shared(fd.get(), *this);
  const auto end = end_of_whole_lines(fd.get(), size_of(fd.get(), *this), *this);
  std::string pending;
  std::int64_t number = 0;
  for (off_t offset = 0; offset < end;) {
    const auto block = std::min<off_t>(end - offset, kBlock);
    pending += read_at(fd.get(), offset, static_cast<std::size_t>(block), *this);
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

void LineFile::append(
    const std::function<std::vector<std::string>(const std::optional<std::string>& last)>& missing)
    const {
  const FileDescriptor fd(::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!fd.is_open()) fail("open");
  if (::flock(fd.get(), LOCK_EX) != 0) fail("lock");
  const auto size = size_of(fd.get(), *this);
  const auto end = end_of_whole_lines(fd.get(), size, *this);
  if (end < size && ::ftruncate(fd.get(), end) != 0) fail("cut the torn last line of");
  std::string text;
  for (const auto& line : missing(last_whole_line(fd.get(), end, *this))) {
    text += line;
    text += '\n';
  }
  if (text.empty() && end == size) return;
  write_all(fd.get(), text, *this);
  if (::fsync(fd.get()) != 0) fail("sync");
  // A new file's name must survive a crash too.
  if (size == 0 && !sync_directory_of(path_)) fail("sync the directory of");
}

}  // namespace oulu10

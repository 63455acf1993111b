#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "oulu10gdpr/error.hpp"

namespace oulu10 {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const char* what) {
  throw Error(ExitCode::io_failure,
              std::string("cannot ") + what + " " + file.string() + ": " + std::strerror(errno));
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  // Renaming over a device or a link would replace it (as root, even /dev/null).
  std::error_code ignored;
  const auto existing = std::filesystem::symlink_status(target_, ignored).type();
  if (existing != std::filesystem::file_type::not_found &&
      existing != std::filesystem::file_type::regular) {
    throw InvalidInput(target_.string() + " exists and is not a regular file");
  }
  std::string pattern = target_.string() + ".tmp-XXXXXX";
  const int fd = ::mkstemp(pattern.data());  // mode 0600
  if (fd < 0) fail(target_, "create a temporary file for");
  ::close(fd);
  temporary_ = pattern;
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_) fail(temporary_, "open");
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) fail(temporary_, "write");
  out_.close();
  const int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    fail(temporary_, "sync");
  }
  ::close(fd);
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail(target_, "rename onto");
  committed_ = true;
}

}  // namespace oulu10

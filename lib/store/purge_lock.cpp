#include "store/purge_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"

namespace oulu10::store {

namespace {

// Beside the file itself, whatever link the register was named by.
std::string lock_path(const std::filesystem::path& register_path) {
  std::error_code ignored;
  const auto real = std::filesystem::canonical(register_path, ignored);
  return (real.empty() ? register_path : real).string() + ".purge-lock";
}

}  // namespace

bool PurgeLock::held_elsewhere(const std::filesystem::path& register_path) {
  const auto path = lock_path(register_path);
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (descriptor < 0) return false;  // no purge has ever made it
  const bool held = ::flock(descriptor, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(descriptor);
  return held;
}

PurgeLock::PurgeLock(const std::filesystem::path& register_path) {
  const auto path = lock_path(register_path);
  descriptor_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (descriptor_ < 0) {
    throw IoFailure(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  if (::flock(descriptor_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(descriptor_);
    if (error == EWOULDBLOCK) {
      throw RegisterBusy("another purge is running on this register");
    }
    throw IoFailure(fmt::format("cannot lock {}: {}", path, std::strerror(error)));
  }
}

PurgeLock::~PurgeLock() { ::close(descriptor_); }  // closing releases the lock

}  // namespace oulu10::store

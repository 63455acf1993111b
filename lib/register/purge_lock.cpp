#include "register/purge_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/error.hpp"

namespace oulu10::store {

PurgeLock::PurgeLock(const std::filesystem::path& register_path) {
  const auto path = register_path.string() + ".purge-lock";
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

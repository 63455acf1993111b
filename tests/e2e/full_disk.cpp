// Test-only preload library: a disk that fills up. Once a process has written more than
// OULU10_FULL_DISK_AFTER bytes to files whose path contains OULU10_FULL_DISK_MATCH, every further
// write to such a file fails with ENOSPC, as on a full file system. Portable where mounting a
// small tmpfs is not allowed (an unprivileged container); SQLite's writes go through pwrite64.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

std::atomic<long long> written{0};

template <typename Function>
Function real(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

bool on_the_full_disk(int fd) {
  const char* match = std::getenv("OULU10_FULL_DISK_MATCH");
  if (match == nullptr || *match == '\0') return false;
  char link[64];
  char path[PATH_MAX];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const auto length = readlink(link, path, sizeof path - 1);
  if (length <= 0) return false;
  path[length] = '\0';
  return std::strstr(path, match) != nullptr;
}

// Whether this write of `count` bytes still fits; when not, errno is ENOSPC.
bool fits(int fd, size_t count) {
  if (!on_the_full_disk(fd)) return true;
  const char* after = std::getenv("OULU10_FULL_DISK_AFTER");
  const long long limit = after != nullptr ? std::atoll(after) : 0;
  if (written + static_cast<long long>(count) > limit) {
    errno = ENOSPC;
    return false;
  }
  written += static_cast<long long>(count);
  return true;
}

}  // namespace

extern "C" ssize_t write(int fd, const void* buffer, size_t count) {
  static const auto next = real<ssize_t (*)(int, const void*, size_t)>("write");
  return fits(fd, count) ? next(fd, buffer, count) : -1;
}

extern "C" ssize_t pwrite(int fd, const void* buffer, size_t count, off_t offset) {
  static const auto next = real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  return fits(fd, count) ? next(fd, buffer, count, offset) : -1;
}

extern "C" ssize_t pwrite64(int fd, const void* buffer, size_t count, off64_t offset) {
  static const auto next = real<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
  return fits(fd, count) ? next(fd, buffer, count, offset) : -1;
}

// Test-only preload library: a process that deletes a file whose path contains the text in
// OULU10_CRASH_ON_UNLINK is killed on the spot, as by a power cut between a transaction's
// commit and the deletion of the files it scheduled. Other deletions (SQLite's own) pass.
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

void die_if_marked(const char* path) {
  const char* marker = std::getenv("OULU10_CRASH_ON_UNLINK");
  if (marker != nullptr && *marker != '\0' && std::strstr(path, marker) != nullptr) {
    std::raise(SIGKILL);
  }
}

template <typename Function>
Function real(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" int unlink(const char* path) {
  die_if_marked(path);
  static const auto next = real<int (*)(const char*)>("unlink");
  return next(path);
}

extern "C" int unlinkat(int directory, const char* path, int flags) {
  die_if_marked(path);
  static const auto next = real<int (*)(int, const char*, int)>("unlinkat");
  return next(directory, path, flags);
}

extern "C" int remove(const char* path) {
  die_if_marked(path);
  static const auto next = real<int (*)(const char*)>("remove");
  return next(path);
}

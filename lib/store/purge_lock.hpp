#pragma once
// Only one purge at a time on a register: an advisory lock on a file beside it, which the
// kernel releases when the process ends, however it ends (kill -9 included).
#include <filesystem>

namespace oulu10::store {

class PurgeLock {
 public:
  // RegisterBusy when another purge holds it; IoFailure when the lock file cannot be made.
  explicit PurgeLock(const std::filesystem::path& register_path);
  ~PurgeLock();
  PurgeLock(const PurgeLock&) = delete;
  PurgeLock& operator=(const PurgeLock&) = delete;

  // Whether a purge is running on the register now (and will scrub when it ends).
  static bool held_elsewhere(const std::filesystem::path& register_path);

 private:
  int descriptor_ = -1;
};

}  // namespace oulu10::store

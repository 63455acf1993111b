#pragma once
// A POSIX file descriptor that closes itself, and the directory sync that makes a file created
// or renamed in a directory survive a crash: for the files written outside SQLite (the rights
// journal, a register put in place by restore).
#include <filesystem>

namespace oulu10 {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }

 private:
  int fd_;
};

// Syncs the directory that holds `path`; false, with errno set, when that fails.
bool sync_directory_of(const std::filesystem::path& path);

}  // namespace oulu10

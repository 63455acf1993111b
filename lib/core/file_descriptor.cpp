#include "core/file_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace oulu10 {

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

bool sync_directory_of(const std::filesystem::path& path) {
  const auto directory = std::filesystem::absolute(path).parent_path();
  const FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd.is_open() && ::fsync(fd.get()) == 0;
}

}  // namespace oulu10

#pragma once
// A file that appears complete or not at all: written to a private temporary beside the
// target (mode 0600), then flushed, synced and renamed over it on commit. Abandoned, the
// temporary is removed.
#include <filesystem>
#include <fstream>

namespace oulu10 {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  std::ostream& stream() { return out_; }
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace oulu10

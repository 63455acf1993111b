#pragma once
// The rights journal's file: a LineFile (core/line_file.hpp), text lines appended under an
// exclusive lock and synced before the command that wrote them reports success, a torn last
// line ignored and cut off by the next append. Errors are IoFailure, naming the file.
#include <filesystem>

#include "core/line_file.hpp"

namespace oulu10::journal {

class JournalFile : public LineFile {
 public:
  explicit JournalFile(std::filesystem::path path)
      : LineFile(std::move(path), "the rights journal") {}
};

}  // namespace oulu10::journal

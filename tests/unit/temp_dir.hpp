#pragma once
// A scratch directory for one test, removed afterwards, and a fresh register in one.
#include <cstdlib>
#include <filesystem>
#include <string>

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "oulu10-unit-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

// A new register file of the current schema, open.
struct ScratchRegister {
  TempDir dir;
  store::SqliteStore reg{[this] {
    store::initialise({dir / "r.db"});
    return store::Settings{dir / "r.db"};
  }()};
};

}  // namespace oulu10::testing

// libFuzzer target: a processor's returned file (processor-task confirm --from). Every line
// that names something names a task id or says why not, in the order of the file; never a
// crash or an exception.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "processors/tasks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t previous = 0;
  for (const auto& line : oulu10::processors::returned_lines(text)) {
    const auto hex = std::string_view(line.id).substr(std::min<std::size_t>(3, line.id.size()));
    const bool task = line.id.size() == 15 && line.id.starts_with("PT-") &&
                      hex.find_first_not_of("0123456789abcdef") == std::string_view::npos;
    if ((line.problem.empty() && !task) || line.number <= previous || line.number > size + 1) {
      __builtin_trap();
    }
    previous = line.number;
  }
  return 0;
}

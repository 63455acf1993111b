// libFuzzer target: a subject line of `export --batch`. It is a subject or a problem in words,
// never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rights/export.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string problem;
  const auto subject = oulu10::rights::batch_subject(text, problem);
  if (!subject && problem.empty()) __builtin_trap();
  return 0;
}

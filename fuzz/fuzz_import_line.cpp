// libFuzzer target: one line of an import file, as import reads it. A line is a record or
// InvalidInput naming the line and field, never a crash or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "intake/import_line.hpp"
#include "oulu10gdpr/error.hpp"
#include "policy/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    oulu10::intake::read_import_line(text, 1, oulu10::policy::embedded_policy());
  } catch (const oulu10::InvalidInput&) {
  }
  return 0;
}

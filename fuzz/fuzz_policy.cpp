// libFuzzer target: a policy document given with --policy. It is a policy or InvalidInput
// naming the path at fault, never a crash or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "oulu10gdpr/error.hpp"
#include "policy/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    oulu10::policy::parse_policy(text, "fuzz");
  } catch (const oulu10::InvalidInput&) {
  }
  return 0;
}

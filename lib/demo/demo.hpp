#pragma once
// `demo`: fills a register with clearly fake but realistic data, for trying the toolkit and for
// benchmarks. Every henkilötunnus is a temporary code (individual number 900-999), e-mail
// domains are the reserved example.com/.net/.org, and records are spread over the seven years
// before `now`, so that purges have work.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/time.hpp"
#include "policy/policy.hpp"
#include "policy/report_context.hpp"
#include "store/store.hpp"

namespace oulu10::demo {

struct DemoOptions {
  std::size_t customers = 0;
  std::uint64_t seed = 1;
  Timestamp now;
};

struct DemoReport {
  std::size_t customers = 0;
  std::uint64_t seed = 0;
  CategoryCounts by_type;  // records written
  std::size_t chat_messages = 0;
};

// How many customers one demo can have: each gets its own temporary henkilötunnus.
std::size_t max_customers();

// The same seed and `now` give the same register content; ids are prefixed with the seed,
// so demos with different seeds can share one register.
DemoReport generate(store::Store& store, const DemoOptions& options, const policy::Policy& policy);

nlohmann::json to_json(const DemoReport& report);
std::string render_text(const DemoReport& report, const ReportContext& context);

}  // namespace oulu10::demo

#pragma once
// Restrictions of processing (art. 18): storage only. Which records a restriction covers and
// what it blocks is decided in rights/ and retention/.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "model/records.hpp"

namespace oulu10::store {

class Restrictions {
 public:
  virtual ~Restrictions() = default;

  // A new restriction covering `records`; returns its id.
  virtual std::int64_t create(std::string_view ground, Timestamp started_at,
                              const std::optional<std::string>& request_id,
                              const std::vector<RowKey>& records) = 0;
  // The restrictions that cover any of `records`.
  virtual std::vector<std::int64_t> covering(const std::vector<RowKey>& records) = 0;
  // The records the restrictions cover, by category and source id, each once: what lifting
  // them releases.
  virtual std::vector<std::pair<Category, std::string>> covered(
      const std::vector<std::int64_t>& restrictions) = 0;
  // Ends a restriction: it and its record list are deleted.
  virtual void lift(std::int64_t restriction) = 0;
};

}  // namespace oulu10::store

#pragma once
// Restrictions of processing (art. 18): storage only. Which records a restriction covers and
// what it blocks is decided in rights/ and retention/.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "model/records.hpp"
#include "store/register.hpp"
#include "store/sqlite/connection.hpp"

namespace oulu10::store {

class Restrictions {
 public:
  explicit Restrictions(Register& reg);

  // A new restriction covering `records`; returns its id.
  std::int64_t create(std::string_view ground, Timestamp started_at,
                      const std::optional<std::string>& request_id,
                      const std::vector<RowKey>& records);
  // Ends a restriction: it and its record list are deleted.
  void lift(std::int64_t restriction);

 private:
  sqlite::Statement insert_;
  sqlite::Statement cover_;
  sqlite::Statement delete_;
};

}  // namespace oulu10::store

#pragma once
// The register's own copy of its rights journal: storage only. What a line says, and when the
// file outside the register is written, is journal/'s.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oulu10::store {

struct JournalLine {
  std::int64_t seq = 0;  // the line's number in the journal, from 1
  std::string text;      // as written to the file, without the line feed
};

class JournalCopy {
 public:
  virtual ~JournalCopy() = default;

  // The newest line's number; 0 while the register has journaled nothing. Only the number: a
  // line may be megabytes long, and every command asks.
  virtual std::int64_t last_seq() = 0;
  // The line numbered `seq`, if the register has it.
  virtual std::optional<std::string> line(std::int64_t seq) = 0;
  // The lines after `seq`, in order.
  virtual std::vector<JournalLine> after(std::int64_t seq) = 0;
  // Inside the caller's unit of work.
  virtual void insert(const JournalLine& line) = 0;
};

}  // namespace oulu10::store

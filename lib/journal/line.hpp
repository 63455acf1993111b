#pragma once
// A line of the rights journal: one committed erase, restriction, lifting, objection or
// consent withdrawal, with enough to re-apply it to a copy of the same register and nothing
// that names a person to anyone without that register: the records and identifiers it
// concerns appear only as keyed hashes under the register's secret key. One JSON object per
// line, sealed with a keyed hash of its own text, so a line of another register, a changed
// line and a torn one are told apart.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/time.hpp"
#include "model/category.hpp"
#include "store/store.hpp"

namespace oulu10::journal {

enum class ChangeKind { erase, restrict_, lift, object, withdraw_consent };

// As the line names it.
std::string_view name_of(ChangeKind kind);

struct Change {
  ChangeKind kind = ChangeKind::erase;
  Timestamp at;
  std::string entry;                   // the hash of the change's audit entry
  std::optional<std::string> subject;  // the audit entry's subject reference
  std::optional<std::string> request;  // the request it answered
  // What it concerns, as keyed hashes: identifiers (Store::keyed_hash of "phone:+358…") and
  // records by category (store::source_key).
  std::vector<std::string> identifiers;
  // Those of `identifiers` that name one person (henkilötunnus, customer id): what a replay's
  // processor tasks are found by. nullopt in lines written before processor tasks were.
  std::optional<std::vector<std::string>> persons;
  std::map<Category, std::vector<std::string>> records;
  std::optional<std::string> purpose;  // object and withdraw-consent
  std::optional<std::string> ground;   // restrict
};

struct Line {
  std::int64_t seq = 0;  // from 1, one more than the line before
  Change change;
};

// The text of a line of this register, without the line feed.
std::string seal(store::Store& store, const Line& line);

// The line written as `text`, if it is a whole, unchanged line of this register; else why not.
// `another_register` is set when the line is sound but sealed under another register's key.
struct Opened {
  std::optional<Line> line;
  bool another_register = false;
};
Opened open(store::Store& store, std::string_view text);

// The number a line's text begins with, read without opening the line: enough to find the
// register's copy of it, which the text must then equal byte for byte. nullopt if it has none.
std::optional<std::int64_t> seq_of(std::string_view text);

}  // namespace oulu10::journal

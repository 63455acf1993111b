#pragma once
// Finding records by the keyed hash of their source id (store::source_key), the only way the
// rights journal names them. A keyed hash cannot be looked up, so a search reads the whole
// table once for any number of keys: a replay gathers the keys of all its lines first.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/category.hpp"

namespace oulu10::store {

struct KeyedRecord {
  std::string key;        // store::source_key of the record
  std::string source_id;  // what the processors know the record by
  RowKey row;
  std::optional<std::string> recording;  // a call's recording file, relative to the recordings
  // Kept by law wherever it belongs (belonging_to only): a statutory case, an open complaint or
  // a chat or call it links, a restricted record.
  bool held = false;
};

class RecordsByKey {
 public:
  virtual ~RecordsByKey() = default;

  // The records of `category` whose source key is one of `keys`.
  virtual std::vector<KeyedRecord> find(Category category, const std::set<std::string>& keys) = 0;
  // The records that belong to a customer record, dependents first: the surveys of its calls,
  // then its consents, cases, chats and calls; each says whether the law holds it.
  virtual std::vector<KeyedRecord> belonging_to(std::int64_t customer_row) = 0;
};

}  // namespace oulu10::store

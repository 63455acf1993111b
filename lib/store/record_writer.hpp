#pragma once
// Writes records into the register, keyed by their source ids: a new (type, id) is inserted, a
// known one is updated in place. Callers own the transaction; the writer's statements are
// prepared once and reused, so bulk loads (import, demo) stay fast.
#include <cstdint>
#include <optional>
#include <string>

#include "model/records.hpp"
#include "store/erasure.hpp"

namespace oulu10::store {

struct WriteResult {
  // erased: skipped, because it or the customer or call it belongs to was erased (art. 17).
  enum class Kind { inserted, updated, unresolved, erased };
  Kind kind;
  std::string missing;  // for unresolved: which link, e.g. "customer \"c-17\""
};

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;

  // A record whose links name records the register does not hold yet is not written: the
  // result is `unresolved` and says which link, so the caller can retry once more is known.
  // An erased record, and a record of an erased customer or call, is not written either
  // (`erased`); a case's link to an erased call or chat is dropped.
  virtual WriteResult write(const CustomerRecord& record) = 0;
  virtual WriteResult write(const CaseRecord& record) = 0;
  virtual WriteResult write(const ChatRecord& record) = 0;
  virtual WriteResult write(const CallRecord& record) = 0;
  virtual WriteResult write(const SmsSurveyRecord& record) = 0;
  virtual WriteResult write(const ConsentRecord& record) = 0;
};

}  // namespace oulu10::store

#pragma once
// Writes records into the register, keyed by their source ids: a new (type, id) is inserted, a
// known one is updated in place. Callers own the transaction; the writer's statements are
// prepared once and reused, so bulk loads (import, demo) stay fast.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "store/erasure.hpp"
#include "model/records.hpp"
#include "store/register.hpp"
#include "store/sqlite/connection.hpp"

namespace oulu10::store {

struct WriteResult {
  // erased: skipped, because it or the customer or call it belongs to was erased (art. 17).
  enum class Kind { inserted, updated, unresolved, erased };
  Kind kind;
  std::string missing;  // for unresolved: which link, e.g. "customer \"c-17\""
};

class RecordWriter {
 public:
  explicit RecordWriter(Register& reg);

  // A record whose links name records the register does not hold yet is not written: the
  // result is `unresolved` and says which link, so the caller can retry once more is known.
  // An erased record, and a record of an erased customer or call, is not written either
  // (`erased`); a case's link to an erased call or chat is dropped.
  WriteResult write(const CustomerRecord& record);
  WriteResult write(const CaseRecord& record);
  WriteResult write(const ChatRecord& record);
  WriteResult write(const CallRecord& record);
  WriteResult write(const SmsSurveyRecord& record);
  WriteResult write(const ConsentRecord& record);

 private:
  std::optional<std::int64_t> find(Category category, const std::string& source_id);
  // An absent link resolves to NULL; otherwise to the customer's row, or to why it cannot.
  std::optional<WriteResult> resolve_customer(const std::optional<std::string>& source_id,
                                              std::optional<std::int64_t>& id);
  // Why a link to a record the register lacks cannot be written.
  WriteResult missing(Category category, const std::string& source_id);
  WriteResult::Kind upsert(Category category, const std::string& source_id,
                           sqlite::Statement& statement, std::int64_t& id);

  sqlite::Connection& db_;
  ErasedSources erased_;
  std::array<sqlite::Statement, kCategoryCount> find_;
  sqlite::Statement upsert_customer_;
  sqlite::Statement upsert_case_;
  sqlite::Statement upsert_chat_;
  sqlite::Statement upsert_call_;
  sqlite::Statement upsert_survey_;
  sqlite::Statement upsert_consent_;
  sqlite::Statement clear_messages_;
  sqlite::Statement insert_message_;
  sqlite::Statement clear_links_;
  sqlite::Statement insert_call_link_;
  sqlite::Statement insert_chat_link_;
};

}  // namespace oulu10::store

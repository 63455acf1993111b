#include "store/records_by_key.hpp"

#include <fmt/format.h>

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {
namespace {

// A call's recording; NULL for the other categories.
std::string_view recording_column(Category category) {
  return category == Category::call ? "recording" : "NULL";
}

// Whether the law keeps `record` wherever it belongs, as erase's plan decides.
std::string held_expression(Category category) {
  auto held = fmt::format(
      "EXISTS (SELECT 1 FROM restricted_record WHERE category = '{}' AND record_id = record.id)",
      type_name(category));
  constexpr std::string_view open_complaint =
      "EXISTS (SELECT 1 FROM case_link JOIN case_record ON case_record.id = case_link.case_id "
      "WHERE case_link.{}_id = record.id AND case_record.kind = 'complaint' AND "
      "case_record.closed_at IS NULL)";
  switch (category) {
    case Category::case_:
      return held +
             " OR record.statutory = 1 OR (record.kind = 'complaint' AND record.closed_at "
             "IS NULL)";
    case Category::chat: return held + " OR " + fmt::format(fmt::runtime(open_complaint), "chat");
    case Category::call: return held + " OR " + fmt::format(fmt::runtime(open_complaint), "call");
    case Category::customer:
    case Category::sms_survey:
    case Category::consent: break;
  }
  return held;
}

class SqliteRecordsByKey final : public RecordsByKey {
 public:
  explicit SqliteRecordsByKey(SqliteStore& store) : store_(store) {}

  std::vector<KeyedRecord> find(Category category, const std::set<std::string>& keys) override {
    std::vector<KeyedRecord> out;
    if (keys.empty()) return out;
    sqlite::Statement all(store_.connection(),
                          fmt::format("SELECT id, source_id, {} FROM {}",
                                      recording_column(category), table_name(category)));
    while (all.step()) {
      auto key = source_key(store_, category, all.text(1));
      if (keys.contains(key)) {
        out.push_back({.key = std::move(key),
                       .source_id = all.text(1),
                       .row = {category, all.int64(0)},
                       .recording = all.optional_text(2),
                       .held = false});
      }
    }
    return out;
  }

  std::vector<KeyedRecord> belonging_to(std::int64_t customer_row) override {
    std::vector<KeyedRecord> out;
    // The surveys of its calls first: they would go with the calls uncounted.
    sqlite::Statement surveys(
        store_.connection(),
        "SELECT sms_survey.id, sms_survey.source_id, NULL, 0 FROM sms_survey "
        "JOIN call ON call.id = sms_survey.call_id WHERE call.customer_id = ?1");
    collect(surveys, Category::sms_survey, customer_row, out);
    for (const auto category :
         {Category::consent, Category::case_, Category::chat, Category::call}) {
      sqlite::Statement owned(
          store_.connection(),
          fmt::format("SELECT id, source_id, {}, {} FROM {} AS record WHERE customer_id = ?1",
                      recording_column(category), held_expression(category), table_name(category)));
      collect(owned, category, customer_row, out);
    }
    return out;
  }

 private:
  void collect(sqlite::Statement& query, Category category, std::int64_t customer_row,
               std::vector<KeyedRecord>& out) {
    query.bind(1, customer_row);
    while (query.step()) {
      out.push_back({.key = source_key(store_, category, query.text(1)),
                     .source_id = query.text(1),
                     .row = {category, query.int64(0)},
                     .recording = query.optional_text(2),
                     .held = query.int64(3) != 0});
    }
  }

  SqliteStore& store_;
};

}  // namespace

std::unique_ptr<RecordsByKey> SqliteStore::records_by_key() {
  return std::make_unique<SqliteRecordsByKey>(*this);
}

}  // namespace oulu10::store

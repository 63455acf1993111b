#include "store/records_by_key.hpp"

#include <fmt/format.h>

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {
namespace {

// A call's recording; NULL for the other categories.
std::string_view recording_column(Category category) {
  return category == Category::call ? "recording" : "NULL";
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
        out.push_back({std::move(key), {category, all.int64(0)}, all.optional_text(2)});
      }
    }
    return out;
  }

  std::vector<KeyedRecord> belonging_to(std::int64_t customer_row) override {
    std::vector<KeyedRecord> out;
    // The surveys of its calls first: they would go with the calls uncounted.
    sqlite::Statement surveys(
        store_.connection(),
        "SELECT sms_survey.id, sms_survey.source_id FROM sms_survey JOIN call "
        "ON call.id = sms_survey.call_id WHERE call.customer_id = ?1");
    surveys.bind(1, customer_row);
    while (surveys.step()) {
      out.push_back({source_key(store_, Category::sms_survey, surveys.text(1)),
                     {Category::sms_survey, surveys.int64(0)},
                     std::nullopt});
    }
    for (const auto category :
         {Category::consent, Category::case_, Category::chat, Category::call}) {
      sqlite::Statement owned(store_.connection(),
                              fmt::format("SELECT id, source_id, {} FROM {} WHERE customer_id = ?1",
                                          recording_column(category), table_name(category)));
      owned.bind(1, customer_row);
      while (owned.step()) {
        out.push_back({source_key(store_, category, owned.text(1)),
                       {category, owned.int64(0)},
                       owned.optional_text(2)});
      }
    }
    return out;
  }

 private:
  SqliteStore& store_;
};

}  // namespace

std::unique_ptr<RecordsByKey> SqliteStore::records_by_key() {
  return std::make_unique<SqliteRecordsByKey>(*this);
}

}  // namespace oulu10::store

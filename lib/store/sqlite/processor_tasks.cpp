#include "store/processor_tasks.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "oulu10gdpr/error.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {
namespace {

constexpr std::string_view kColumns =
    "id, processor, action, fields, records, request_id, subject_ref, entry, created_at, "
    "confirmed_at, confirmed_by, confirmation_ref";

std::string select(std::string_view where) {
  return std::string("SELECT ") + std::string(kColumns) + " FROM processor_task " +
         std::string(where);
}

std::string records_text(const std::map<Category, std::vector<std::string>>& records) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [category, ids] : records) out[std::string(type_name(category))] = ids;
  return out.dump();
}

std::map<Category, std::vector<std::string>> records_of(const std::string& text) {
  std::map<Category, std::vector<std::string>> out;
  const auto parsed = nlohmann::json::parse(text);
  for (const auto& [name, ids] : parsed.items()) {
    const auto category = category_named(name);
    if (!category) throw RegisterUnusable("a processor task in the register names no category");
    out[*category] = ids.get<std::vector<std::string>>();
  }
  return out;
}

TaskRow read_row(const sqlite::Statement& row) {
  TaskRow task;
  task.id = row.text(0);
  task.processor = row.text(1);
  task.action = row.text(2);
  try {
    task.fields = nlohmann::json::parse(row.text(3)).get<std::vector<std::string>>();
    task.records = records_of(row.text(4));
  } catch (const nlohmann::json::exception&) {
    throw RegisterUnusable("a processor task in the register is malformed");
  }
  task.request_id = row.optional_text(5);
  task.subject_ref = row.optional_text(6);
  task.entry = row.text(7);
  task.created_at = from_unix(row.int64(8));
  if (const auto at = row.optional_int64(9)) {
    task.confirmation = TaskConfirmation{from_unix(*at), row.optional_text(10).value_or(""),
                                         row.optional_text(11).value_or("")};
  }
  return task;
}

std::vector<TaskRow> all_rows(sqlite::Statement& statement) {
  std::vector<TaskRow> out;
  while (statement.step()) out.push_back(read_row(statement));
  statement.reset();
  return out;
}

class SqliteProcessorTasks final : public ProcessorTasks {
 public:
  explicit SqliteProcessorTasks(SqliteStore& store)
      : insert_(store.connection(),
                "INSERT INTO processor_task (" + std::string(kColumns) +
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, NULL, NULL)"),
        insert_key_(store.connection(),
                    "INSERT OR IGNORE INTO processor_task_subject (identifier_key, task_id) "
                    "VALUES (?1, ?2)"),
        find_(store.connection(), select("WHERE id = ?1")),
        list_(store.connection(),
              select("WHERE (?1 = 0 OR confirmed_at IS NULL) AND (?2 IS NULL OR processor = ?2) "
                     "AND (?3 IS NULL OR request_id = ?3) ORDER BY created_at, id")),
        naming_(store.connection(),
                "SELECT task_id FROM processor_task_subject WHERE identifier_key = ?1"),
        open_by_request_(store.connection(),
                         "SELECT request_id, count(*) FROM processor_task WHERE request_id IS "
                         "NOT NULL AND confirmed_at IS NULL GROUP BY request_id"),
        confirm_(store.connection(),
                 "UPDATE processor_task SET confirmed_at = ?2, confirmed_by = ?3, "
                 "confirmation_ref = ?4 WHERE id = ?1 AND confirmed_at IS NULL"),
        confirmed_(store.connection(),
                   "SELECT t.id, t.confirmed_at, t.request_id IS NOT NULL, r.id IS NOT NULL, "
                   "r.closed_at FROM processor_task t LEFT JOIN request r ON r.id = t.request_id "
                   "WHERE t.confirmed_at IS NOT NULL"),
        remove_(store.connection(), "DELETE FROM processor_task WHERE id = ?1") {}

  void insert(const TaskRow& task, const std::vector<std::string>& identifier_keys) override {
    insert_
        .bind_all(task.id, task.processor, task.action, nlohmann::json(task.fields).dump(),
                  records_text(task.records), task.request_id, task.subject_ref, task.entry,
                  to_unix(task.created_at))
        .run();
    for (const auto& key : identifier_keys) insert_key_.bind_all(key, task.id).run();
  }

  std::optional<TaskRow> find(std::string_view id) override {
    find_.bind(1, id);
    std::optional<TaskRow> out;
    if (find_.step()) out = read_row(find_);
    find_.reset();
    return out;
  }

  std::vector<TaskRow> list(const TaskFilter& filter) override {
    list_.bind_all(filter.open_only, filter.processor, filter.request_id);
    return all_rows(list_);
  }

  std::vector<TaskRow> naming(const std::vector<std::string>& identifier_keys) override {
    std::set<std::string> ids;
    for (const auto& key : identifier_keys) {
      naming_.bind(1, key);
      while (naming_.step()) ids.insert(naming_.text(0));
      naming_.reset();
    }
    std::vector<TaskRow> out;
    for (const auto& id : ids) {
      if (auto task = find(id)) out.push_back(std::move(*task));
    }
    std::stable_sort(out.begin(), out.end(), [](const TaskRow& a, const TaskRow& b) {
      return a.created_at < b.created_at;
    });
    return out;
  }

  std::map<std::string, std::size_t> open_by_request() override {
    std::map<std::string, std::size_t> out;
    while (open_by_request_.step()) {
      out[open_by_request_.text(0)] = static_cast<std::size_t>(open_by_request_.int64(1));
    }
    open_by_request_.reset();
    return out;
  }

  void confirm(std::string_view id, const TaskConfirmation& confirmation) override {
    confirm_.bind_all(id, to_unix(confirmation.at), confirmation.by, confirmation.ref).run();
  }

  std::vector<ConfirmedTask> confirmed() override {
    std::vector<ConfirmedTask> out;
    while (confirmed_.step()) {
      const auto closed = confirmed_.optional_int64(4);
      out.push_back({.id = confirmed_.text(0),
                     .confirmed_at = from_unix(confirmed_.int64(1)),
                     .has_request = confirmed_.int64(2) != 0,
                     .request_closed_at = closed ? std::optional(from_unix(*closed)) : std::nullopt,
                     .request_present = confirmed_.int64(3) != 0});
    }
    confirmed_.reset();
    return out;
  }

  void remove(std::string_view id) override { remove_.bind(1, id).run(); }

 private:
  sqlite::Statement insert_;
  sqlite::Statement insert_key_;
  sqlite::Statement find_;
  sqlite::Statement list_;
  sqlite::Statement naming_;
  sqlite::Statement open_by_request_;
  sqlite::Statement confirm_;
  sqlite::Statement confirmed_;
  sqlite::Statement remove_;
};

}  // namespace

std::unique_ptr<ProcessorTasks> SqliteStore::processor_tasks() {
  return std::make_unique<SqliteProcessorTasks>(*this);
}

}  // namespace oulu10::store

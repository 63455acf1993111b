#include "store/request_store.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {
namespace {

constexpr std::string_view kColumns =
    "id, kind, received_on, ref, channel, identity_verified_by, identifiers, opened_at, "
    "opened_by, first_due_on, extended_at, extended_by, extended_due_on, extension_reason, "
    "closed_at, closed_by, outcome, close_reason, approved_at, approved_by, approved_os_user, "
    "approved_sudo_user, approved_sudo_uid";

std::string select(std::string_view where) {
  return std::string("SELECT ") + std::string(kColumns) + " FROM request " + std::string(where);
}

std::optional<Timestamp> optional_time(const sqlite::Statement& row, int column) {
  const auto value = row.optional_int64(column);
  return value ? std::optional(from_unix(*value)) : std::nullopt;
}

std::optional<std::int64_t> optional_unix(const std::optional<Timestamp>& t) {
  return t ? std::optional(to_unix(*t)) : std::nullopt;
}

std::optional<RequestApproval> read_approval(const sqlite::Statement& row) {
  const auto at = optional_time(row, 18);
  if (!at) return std::nullopt;
  return RequestApproval{.at = *at,
                         .by = row.text(19),
                         .account = {.user = row.text(20),
                                     .sudo_user = row.optional_text(21),
                                     .sudo_uid = row.optional_int64(22)}};
}

RequestRow read_row(const sqlite::Statement& row) {
  return RequestRow{.id = row.text(0),
                    .kind = row.text(1),
                    .received_on = row.text(2),
                    .ref = row.optional_text(3),
                    .channel = row.optional_text(4),
                    .identity_verified_by = row.optional_text(5),
                    .identifiers = row.text(6),
                    .opened_at = from_unix(row.int64(7)),
                    .opened_by = row.text(8),
                    .first_due_on = row.text(9),
                    .extended_at = optional_time(row, 10),
                    .extended_by = row.optional_text(11),
                    .extended_due_on = row.optional_text(12),
                    .extension_reason = row.optional_text(13),
                    .closed_at = optional_time(row, 14),
                    .closed_by = row.optional_text(15),
                    .outcome = row.optional_text(16),
                    .close_reason = row.optional_text(17),
                    .approval = read_approval(row)};
}

}  // namespace

namespace {

class SqliteRequestStore final : public RequestStore {
 public:
  explicit SqliteRequestStore(SqliteStore& store);
  std::optional<RequestRow> find(std::string_view id) override;
  std::vector<RequestRow> all() override;
  std::vector<std::pair<std::string, Timestamp>> closed() override;
  std::int64_t last_number(std::string_view prefix) override;
  void insert(const RequestRow& row) override;
  void extend(std::string_view id, Timestamp at, std::string_view by, std::string_view due_on,
              std::string_view reason) override;
  void close(std::string_view id, Timestamp at, std::string_view by, std::string_view outcome,
             const std::optional<std::string>& reason) override;
  void approve(std::string_view id, const RequestApproval& approval) override;
  void remove(std::string_view id) override;

 private:
  sqlite::Statement find_;
  sqlite::Statement all_;
  sqlite::Statement closed_;
  sqlite::Statement last_number_;
  sqlite::Statement insert_;
  sqlite::Statement extend_;
  sqlite::Statement close_;
  sqlite::Statement approve_;
  sqlite::Statement remove_;
};

}  // namespace

SqliteRequestStore::SqliteRequestStore(SqliteStore& store)
    : find_(store.connection(), select("WHERE id = ?1")),
      all_(store.connection(), select("ORDER BY id")),
      closed_(store.connection(), "SELECT id, closed_at FROM request WHERE closed_at IS NOT NULL"),
      last_number_(store.connection(),
                   "SELECT coalesce(max(CAST(substr(id, length(?1) + 1) AS INTEGER)), 0) "
                   "FROM request WHERE substr(id, 1, length(?1)) = ?1"),
      insert_(store.connection(),
              "INSERT INTO request (" + std::string(kColumns) +
                  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                  "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)"),
      extend_(store.connection(),
              "UPDATE request SET extended_at = ?2, extended_by = ?3, extended_due_on = ?4, "
              "extension_reason = ?5 WHERE id = ?1"),
      close_(store.connection(),
             "UPDATE request SET closed_at = ?2, closed_by = ?3, outcome = ?4, close_reason = ?5 "
             "WHERE id = ?1"),
      approve_(store.connection(),
               "UPDATE request SET approved_at = ?2, approved_by = ?3, approved_os_user = ?4, "
               "approved_sudo_user = ?5, approved_sudo_uid = ?6 "
               "WHERE id = ?1 AND approved_at IS NULL"),
      remove_(store.connection(), "DELETE FROM request WHERE id = ?1") {}

std::optional<RequestRow> SqliteRequestStore::find(std::string_view id) {
  find_.bind(1, id);
  std::optional<RequestRow> out;
  if (find_.step()) out = read_row(find_);
  find_.reset();
  return out;
}

std::vector<RequestRow> SqliteRequestStore::all() {
  std::vector<RequestRow> out;
  while (all_.step()) out.push_back(read_row(all_));
  all_.reset();
  return out;
}

std::vector<std::pair<std::string, Timestamp>> SqliteRequestStore::closed() {
  std::vector<std::pair<std::string, Timestamp>> out;
  while (closed_.step()) out.emplace_back(closed_.text(0), from_unix(closed_.int64(1)));
  closed_.reset();
  return out;
}

std::int64_t SqliteRequestStore::last_number(std::string_view prefix) {
  last_number_.bind(1, prefix);
  last_number_.step();
  const auto out = last_number_.int64(0);
  last_number_.reset();
  return out;
}

void SqliteRequestStore::insert(const RequestRow& row) {
  const auto& approval = row.approval;
  insert_
      .bind_all(row.id, row.kind, row.received_on, row.ref, row.channel, row.identity_verified_by,
                row.identifiers, to_unix(row.opened_at), row.opened_by, row.first_due_on,
                optional_unix(row.extended_at), row.extended_by, row.extended_due_on,
                row.extension_reason, optional_unix(row.closed_at), row.closed_by, row.outcome,
                row.close_reason, approval ? std::optional(to_unix(approval->at)) : std::nullopt,
                approval ? std::optional(approval->by) : std::nullopt,
                approval ? std::optional(approval->account.user) : std::nullopt,
                approval ? approval->account.sudo_user : std::nullopt,
                approval ? approval->account.sudo_uid : std::nullopt)
      .run();
}

void SqliteRequestStore::extend(std::string_view id, Timestamp at, std::string_view by,
                                std::string_view due_on, std::string_view reason) {
  extend_.bind_all(id, to_unix(at), by, due_on, reason).run();
}

void SqliteRequestStore::close(std::string_view id, Timestamp at, std::string_view by,
                               std::string_view outcome, const std::optional<std::string>& reason) {
  close_.bind_all(id, to_unix(at), by, outcome, reason).run();
}

void SqliteRequestStore::approve(std::string_view id, const RequestApproval& approval) {
  approve_
      .bind_all(id, to_unix(approval.at), approval.by, approval.account.user,
                approval.account.sudo_user, approval.account.sudo_uid)
      .run();
}

void SqliteRequestStore::remove(std::string_view id) { remove_.bind(1, id).run(); }

std::unique_ptr<RequestStore> SqliteStore::request_store() {
  return std::make_unique<SqliteRequestStore>(*this);
}

}  // namespace oulu10::store

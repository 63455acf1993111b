#include "store/sqlite/connection.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"

namespace oulu10::sqlite {

void Statement::Finalizer::operator()(sqlite3_stmt* statement) const noexcept {
  sqlite3_finalize(statement);
}

void Connection::Closer::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

Connection::Connection(const std::filesystem::path& path, std::chrono::milliseconds busy_timeout)
    : path_(path), busy_timeout_(busy_timeout) {
  sqlite3* raw = nullptr;
  const int code =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  handle_.reset(raw);
  if (code != SQLITE_OK) fail(code, "cannot open the register");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
}

void Connection::define_function(const char* name, int arity, Function function) {
  const int code = sqlite3_create_function_v2(
      handle_.get(), name, arity, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
      function, nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) fail(code, "cannot define an SQL function");
}

std::int64_t Connection::changes() const noexcept { return sqlite3_changes64(handle_.get()); }

bool Connection::checkpoint_truncate(std::chrono::milliseconds reader_wait) {
  sqlite3_busy_timeout(handle_.get(), static_cast<int>(reader_wait.count()));
  const int code = sqlite3_wal_checkpoint_v2(handle_.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                             nullptr, nullptr);
  sqlite3_busy_timeout(handle_.get(), static_cast<int>(busy_timeout_.count()));
  if (code == SQLITE_BUSY) return false;  // a reader of an older snapshot; LOCKED would be a bug
  if (code != SQLITE_OK) fail(code, "checkpoint failed");
  return true;
}

void Connection::put(Hooks& hooks, std::string_view key, std::function<void()> hook) {
  for (auto& [waiting_key, waiting] : hooks) {
    if (waiting_key == key) {
      waiting = std::move(hook);
      return;
    }
  }
  hooks.emplace_back(std::string(key), std::move(hook));
}

void Connection::after_commit(std::string_view key, std::function<void()> hook) {
  if (sqlite3_get_autocommit(handle_.get()) != 0) {  // no transaction open: committed already
    put(waiting_hooks_, key, std::move(hook));
    run_if_durable();
  } else {
    put(open_hooks_, key, std::move(hook));
  }
}

void Connection::set_commits_durable(bool durable) { durable_ = durable; }

void Connection::committed() {
  for (auto& [key, hook] : open_hooks_) put(waiting_hooks_, key, std::move(hook));
  open_hooks_.clear();
  run_if_durable();
}

void Connection::rolled_back() noexcept { open_hooks_.clear(); }

void Connection::run_if_durable() {
  if (!durable_) return;
  // A hook may commit again (and so come back here): run what is waiting now, from a copy.
  const auto hooks = std::exchange(waiting_hooks_, {});
  for (const auto& [key, hook] : hooks) hook();
}

void Connection::exec(std::string_view sql) {
  const std::string text(sql);
  const int code = sqlite3_exec(handle_.get(), text.c_str(), nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) fail(code, "statement failed");
}

void Connection::fail(int code, std::string_view context) const {
  const char* detail = handle_ ? sqlite3_errmsg(handle_.get()) : sqlite3_errstr(code);
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw RegisterBusy(
          fmt::format("the register {} stayed locked by another process for {} ms; try again later",
                      path_.string(), busy_timeout_.count()));
    case SQLITE_NOTADB:
      throw RegisterUnusable(
          fmt::format("{} is not a register: it is not an SQLite database", path_.string()));
    case SQLITE_CORRUPT:
      throw RegisterUnusable(fmt::format("the register {} is corrupt: {}", path_.string(), detail));
    case SQLITE_CANTOPEN:
      throw RegisterUnusable(
          fmt::format("cannot open the register {}: {}", path_.string(), detail));
    case SQLITE_FULL:
    case SQLITE_IOERR:
      throw Error(ExitCode::io_failure,
                  fmt::format("{} on the register {}: {} (the disk is full or failed; nothing of "
                              "the unfinished transaction was kept)",
                              context, path_.string(), detail));
    case SQLITE_CONSTRAINT: throw InvalidInput(fmt::format("{}: {}", context, detail));
    default:
      throw Error(ExitCode::internal_failure,
                  fmt::format("{} on the register {}: {}", context, path_.string(), detail));
  }
}

Statement::Statement(Connection& db, std::string_view sql) : db_(&db) {
  sqlite3_stmt* raw = nullptr;
  const int code = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  handle_.reset(raw);
  if (code != SQLITE_OK) db.fail(code, "cannot prepare a statement");
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int code = sqlite3_bind_int64(handle_.get(), index, value);
  if (code != SQLITE_OK) db_->fail(code, "cannot bind a value");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  const int code = sqlite3_bind_text64(handle_.get(), index, value.data(), value.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
  if (code != SQLITE_OK) db_->fail(code, "cannot bind a value");
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  const int code = sqlite3_bind_null(handle_.get(), index);
  if (code != SQLITE_OK) db_->fail(code, "cannot bind a value");
  return *this;
}

bool Statement::step() {
  const int code = sqlite3_step(handle_.get());
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  sqlite3_reset(handle_.get());
  db_->fail(code, "statement failed");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(handle_.get());
  sqlite3_clear_bindings(handle_.get());
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(handle_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(handle_.get(), column);
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(handle_.get(), column);
  const int size = sqlite3_column_bytes(handle_.get(), column);
  return bytes ? std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size))
               : std::string();
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

Transaction::Transaction(Connection& db, Kind) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() noexcept {
  if (open_) {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    db_.rolled_back();
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
  db_.committed();
}

}  // namespace oulu10::sqlite

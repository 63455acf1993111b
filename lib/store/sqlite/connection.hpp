#pragma once
// A thin RAII layer over the SQLite C API, in the spirit of SQLiteCpp: handles own their
// resources through deleters, statements are prepared once and reset between uses, and a
// transaction guard rolls back in its noexcept destructor unless committed. SQLite result codes
// become the library's typed errors here and nowhere else.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_context;
struct sqlite3_value;

namespace oulu10::sqlite {

class Connection;

class Statement {
 public:
  Statement(Connection& db, std::string_view sql);

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, std::nullopt_t);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view{value}); }
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view{value});
  }

  // Binds all values to ?1, ?2, ... in order.
  template <typename... Values>
  Statement& bind_all(const Values&... values) {
    int index = 0;
    (bind(++index, values), ...);
    return *this;
  }

  bool step();   // true while a row is available
  void run();    // steps a statement that returns no rows, then resets it
  void reset();  // ready for the next use; bindings are cleared too

  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::int64_t int64(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::optional<std::int64_t> optional_int64(int column) const;
  [[nodiscard]] std::optional<std::string> optional_text(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const noexcept;
  };
  Connection* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> handle_;
};

class Connection {
 public:
  // Opens an existing file read-write (never creates one: the register module creates files
  // itself, mode 0600). Errors are RegisterUnusable naming the path.
  Connection(const std::filesystem::path& path, std::chrono::milliseconds busy_timeout);

  void exec(std::string_view sql);  // for pragmas and schema scripts without parameters

  // A deterministic SQL function of this connection, for statements only (never for schema
  // objects, which trusted_schema = OFF keeps from calling application functions anyway).
  using Function = void (*)(sqlite3_context*, int, sqlite3_value**);
  void define_function(const char* name, int arity, Function function);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changes() const noexcept;

  // Copies the write-ahead log into the database file and truncates the log to nothing,
  // waiting at most `reader_wait` for readers of older snapshots; false if one still reads.
  bool checkpoint_truncate(std::chrono::milliseconds reader_wait);
  [[nodiscard]] sqlite3* handle() const noexcept { return handle_.get(); }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::chrono::milliseconds busy_timeout() const noexcept { return busy_timeout_; }

  // Throws the typed error for `code` (busy → RegisterBusy, corrupt → RegisterUnusable, ...).
  [[noreturn]] void fail(int code, std::string_view context) const;

  // Work for after the open transaction commits durably: what Store::after_commit promises.
  // Outside a transaction the write already committed. A hook under a key already waiting
  // replaces it.
  void after_commit(std::string_view key, std::function<void()> hook);
  // Whether a commit reaches the disk before it returns (PRAGMA synchronous = FULL, as every
  // connection starts); a purge turns it off for its batches and on again for its last commit.
  void set_commits_durable(bool durable);
  // Called by Transaction: the open transaction committed, or was rolled back.
  void committed();
  void rolled_back() noexcept;

 private:
  using Hooks = std::vector<std::pair<std::string, std::function<void()>>>;
  static void put(Hooks& hooks, std::string_view key, std::function<void()> hook);
  void run_if_durable();

  struct Closer {
    void operator()(sqlite3* db) const noexcept;
  };
  std::filesystem::path path_;
  std::chrono::milliseconds busy_timeout_;
  std::unique_ptr<sqlite3, Closer> handle_;
  Hooks open_hooks_;     // registered in the open transaction
  Hooks waiting_hooks_;  // committed, waiting for a durable commit
  bool durable_ = true;
};

// BEGIN IMMEDIATE: every transaction here writes (reads write their audit entry), and taking the
// write lock up front makes two writers queue on the busy timeout instead of deadlocking on a
// lock upgrade.
class Transaction {
 public:
  enum class Kind { write };
  Transaction(Connection& db, Kind kind);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() noexcept;
  void commit();

 private:
  Connection& db_;
  bool open_ = true;
};

}  // namespace oulu10::sqlite

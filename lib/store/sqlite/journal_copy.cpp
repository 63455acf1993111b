#include "store/journal_copy.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {
namespace {

class SqliteJournalCopy final : public JournalCopy {
 public:
  explicit SqliteJournalCopy(SqliteStore& store)
      : last_(store.connection(), "SELECT coalesce(max(seq), 0) FROM rights_journal"),
        line_(store.connection(), "SELECT line FROM rights_journal WHERE seq = ?1"),
        after_(store.connection(),
               "SELECT seq, line FROM rights_journal WHERE seq > ?1 ORDER BY seq"),
        insert_(store.connection(), "INSERT INTO rights_journal (seq, line) VALUES (?1, ?2)") {}

  std::int64_t last_seq() override {
    last_.step();
    const auto seq = last_.int64(0);
    last_.reset();
    return seq;
  }

  std::optional<std::string> line(std::int64_t seq) override {
    line_.bind(1, seq);
    std::optional<std::string> out;
    if (line_.step()) out = line_.text(0);
    line_.reset();
    return out;
  }

  std::vector<JournalLine> after(std::int64_t seq) override {
    after_.bind(1, seq);
    std::vector<JournalLine> out;
    while (after_.step()) out.push_back({after_.int64(0), after_.text(1)});
    after_.reset();
    return out;
  }

  void insert(const JournalLine& line) override { insert_.bind_all(line.seq, line.text).run(); }

 private:
  sqlite::Statement last_;
  sqlite::Statement line_;
  sqlite::Statement after_;
  sqlite::Statement insert_;
};

}  // namespace

std::unique_ptr<JournalCopy> SqliteStore::journal_copy() {
  return std::make_unique<SqliteJournalCopy>(*this);
}

}  // namespace oulu10::store

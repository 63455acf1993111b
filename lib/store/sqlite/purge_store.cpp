#include "store/purge_store.hpp"

#include <sqlite3.h>

#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_store.hpp"

namespace oulu10::store {
namespace {

// SQL text is assembled only from the fixed fragments below, chosen by the rules' anchors;
// every value is a bound parameter: ?1 as_of, ?2 to ?6 the years of calls, chats, cases,
// customers and consents without a customer, ?7 the row a batch starts after, ?8 its size.
//
// `scan` marks an expression for a batch, which walks the table in row order: "+" keeps the
// planner off the time indexes there, so that each row is looked at once per run.
std::string own_column(std::string_view alias, std::string_view column, bool scan) {
  return fmt::format("{}{}.{}", scan ? "+" : "", alias, column);
}

std::string relationship_end(std::string_view alias) {
  return fmt::format("(SELECT c.relationship_ended FROM customer c WHERE c.id = {}.customer_id)",
                     alias);
}

std::string anchor(PeriodStart start, std::string_view alias, std::string_view column, bool scan) {
  return start == PeriodStart::own_event ? own_column(alias, column, scan)
                                         : relationship_end(alias);
}

// When the record's period starts; NULL while it has not.
std::string start(const PeriodRule& rule, std::string_view alias, std::string_view column,
                  bool scan) {
  const auto with = anchor(rule.with_customer, alias, column, scan);
  if (rule.with_customer == rule.without_customer) return with;
  return fmt::format("CASE WHEN {0}.customer_id IS NULL THEN {1} ELSE {2} END", alias,
                     anchor(rule.without_customer, alias, column, scan), with);
}

// An open case has not begun its period at all (max() of a NULL is NULL, as is the CASE); a
// case closed after its period's start counts from its closing if the rule says so.
std::string case_start(const PeriodRule& rule, std::string_view alias, bool scan) {
  const auto closed_at = own_column(alias, "closed_at", scan);
  const auto from = start(rule, alias, "closed_at", scan);
  if (rule.from_closing_if_later) return fmt::format("max({}, {})", closed_at, from);
  return fmt::format("CASE WHEN {} IS NULL THEN NULL ELSE {} END", closed_at, from);
}

std::string restricted(std::string_view category, std::string_view row) {
  return fmt::format("{} IN (SELECT record_id FROM restricted_record WHERE category = '{}')", row,
                     category);
}

// The calls (column call_id) or chats (chat_id) that open complaint cases concern: computed
// once per batch statement, from the partial index of open complaints. "INDEXED BY", because
// the planner, without statistics, would walk every open case: hundreds of thousands in a
// large register, for every batch.
std::string open_complaint(std::string_view row, std::string_view column) {
  return fmt::format(
      "{} IN (SELECT l.{} FROM case_record k INDEXED BY open_complaint"
      " JOIN case_link l ON l.case_id = k.id WHERE k.kind = 'complaint' AND k.closed_at IS NULL)",
      row, column);
}

// A record is restricted itself, or through its restricted customer.
std::string restricted_with_customer(std::string_view category, std::string_view alias) {
  return fmt::format("({} OR {})", restricted(category, fmt::format("{}.id", alias)),
                     restricted("customer", fmt::format("{}.customer_id", alias)));
}

// Predicates are nested inside NOT and EXISTS, where SQL's NULL (an open case, a link to no
// customer) would silently turn "not purgeable" into "not looked at": each is made 0 or 1.
std::string truth(const std::string& predicate) { return "coalesce(" + predicate + ", 0)"; }

// add_years(start, years): the end of a period, computed as the domain computes it.
void add_years_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  if (sqlite3_value_type(arguments[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);  // a period that has not begun has no end
    return;
  }
  const auto start = from_unix(sqlite3_value_int64(arguments[0]));
  sqlite3_result_int64(context, to_unix(add_years(start, sqlite3_value_int(arguments[1]))));
}

// "The period has ended": its end, from `start`, is at or before as_of.
std::string ended(const std::string& start, std::string_view years) {
  return fmt::format("purge_add_years({}, {}) <= ?1", start, years);
}

// Whether a record's period has ended (`*_expired`), and whether it is held all the same
// (`*_held`), for each step. The periods come from the rule objects (model/retention.hpp) that
// the access reply's schedule follows; each held predicate is a disjunction of the reasons of
// KeptBecause that can hold a record of its category, named as the schedule names them.
struct Predicates {
  const PurgeRules& rules;

  [[nodiscard]] std::string call_expired(std::string_view a) const {
    return truth(ended(start(rules.periods.calls, a, "started_at", true), "?2"));
  }
  // restricted (itself, its customer, or its survey, which goes with it), open_complaint.
  [[nodiscard]] std::string call_held(std::string_view a) const {
    return truth(
        fmt::format("{0} OR {1}.id IN (SELECT s.call_id FROM restricted_record x JOIN sms_survey s"
                    " ON s.id = x.record_id WHERE x.category = 'sms_survey') OR {2}",
                    restricted_with_customer("call", a), a,
                    open_complaint(fmt::format("{}.id", a), "call_id")));
  }
  [[nodiscard]] std::string call_purgeable(std::string_view a) const {
    return fmt::format("({} AND NOT {})", call_expired(a), call_held(a));
  }

  [[nodiscard]] std::string chat_expired(std::string_view a) const {
    return truth(ended(start(rules.periods.chats, a, "started_at", true), "?3"));
  }
  // restricted (itself or its customer), open_complaint.
  [[nodiscard]] std::string chat_held(std::string_view a) const {
    return truth(fmt::format("{} OR {}", restricted_with_customer("chat", a),
                             open_complaint(fmt::format("{}.id", a), "chat_id")));
  }

  [[nodiscard]] std::string case_expired(std::string_view a) const {
    return truth(ended(case_start(rules.periods.cases, a, true), "?4"));
  }
  // restricted (itself or its customer); an open case's period has not begun (case_open).
  [[nodiscard]] std::string case_held(std::string_view a) const {
    return truth(restricted_with_customer("case", a));
  }

  // A customer's period starts when the relationship ends: the only start the policy allows
  // a customer's rule.
  [[nodiscard]] static std::string customer_expired(std::string_view a) {
    return truth(ended(fmt::format("+{}.relationship_ended", a), "?5"));
  }
  // restricted, needed_by_kept: a customer is kept while any record of theirs is (a consent
  // goes with its customer, so only a restricted one holds it).
  [[nodiscard]] std::string customer_held(std::string_view a) const {
    return truth(fmt::format(
        "{0} OR EXISTS (SELECT 1 FROM call k WHERE k.customer_id = {1}.id AND NOT {2})"
        " OR EXISTS (SELECT 1 FROM chat h WHERE h.customer_id = {1}.id"
        " AND NOT ({3} AND NOT {4}))"
        " OR EXISTS (SELECT 1 FROM case_record r WHERE r.customer_id = {1}.id"
        " AND NOT ({5} AND NOT {6}))"
        " OR EXISTS (SELECT 1 FROM consent n WHERE n.customer_id = {1}.id AND {7})",
        restricted("customer", fmt::format("{}.id", a)), a, call_purgeable("k"), chat_expired("h"),
        chat_held("h"), case_expired("r"), case_held("r"), restricted("consent", "n.id")));
  }

  // An unlinked consent's own period is counted from when it was given.
  [[nodiscard]] static std::string consent_expired(std::string_view a) {
    return truth(fmt::format("{0}.customer_id IS NULL AND {1}", a,
                             ended(fmt::format("+{}.given_at", a), "?6")));
  }
  // restricted, needed_by_kept: an unlinked consent goes with the unlinked calls from its
  // number.
  [[nodiscard]] std::string consent_held(std::string_view a) const {
    return truth(
        fmt::format("{0} OR EXISTS (SELECT 1 FROM call k WHERE k.phone = {1}.phone"
                    " AND k.customer_id IS NULL AND NOT {2})",
                    restricted("consent", fmt::format("{}.id", a)), a, call_purgeable("k")));
  }
};

std::string batch_sql(std::string_view table, const std::string& expired, const std::string& held) {
  // Each step's predicates use only some of ?2 to ?6; the coalesce() term, always true,
  // names them all, so every batch statement binds the same eight parameters.
  return fmt::format(
      "SELECT a.id, {2} FROM {0} a WHERE a.id > ?7 AND {1}"
      " AND coalesce(?1, ?2, ?3, ?4, ?5, ?6) IS NOT NULL ORDER BY a.id LIMIT ?8",
      table, expired, held);
}

// The same predicates for records named by id, under the write lock: what was purgeable when
// it was found outside the lock is checked again, since a clerk may have restricted it since.
std::string verify_sql(std::string_view table, const std::string& expired,
                       const std::string& held) {
  return fmt::format(
      "SELECT a.id FROM {0} a WHERE a.id IN (SELECT value FROM json_each(?7)) AND {1}"
      " AND NOT {2} AND coalesce(?1, ?2, ?3, ?4, ?5, ?6) IS NOT NULL",
      table, expired, held);
}

std::string rows_in(std::string_view column) {
  return fmt::format("{} IN (SELECT value FROM json_each(?1))", column);
}

struct PurgeStatements {
  PurgeStatements(sqlite::Connection& db, const PurgeRules& rules) {
    const Predicates p{rules};
    const auto add_batch = [&](std::string_view table, const std::string& expired,
                               const std::string& held) {
      batches.emplace_back(db, batch_sql(table, expired, held));
      verifies.emplace_back(db, verify_sql(table, expired, held));
    };
    add_batch(table_name(Category::call), p.call_expired("a"), p.call_held("a"));
    add_batch(table_name(Category::chat), p.chat_expired("a"), p.chat_held("a"));
    add_batch(table_name(Category::case_), p.case_expired("a"), p.case_held("a"));
    add_batch(table_name(Category::customer), Predicates::customer_expired("a"),
              p.customer_held("a"));
    add_batch(table_name(Category::consent), Predicates::consent_expired("a"), p.consent_held("a"));

    const auto add_next = [&](const std::string& start_expression, std::string_view from,
                              std::string_view years) {
      next.emplace_back(
          db, fmt::format("SELECT min(e) FROM (SELECT purge_add_years({}, {}) AS e"
                          " FROM {}) WHERE e > ?1 AND coalesce(?2, ?3, ?4, ?5, ?6) IS NOT NULL",
                          start_expression, years, from));
    };
    add_next(start(rules.periods.calls, "a", "started_at", false), "call a", "?2");
    add_next(start(rules.periods.chats, "a", "started_at", false), "chat a", "?3");
    add_next(case_start(rules.periods.cases, "a", false), "case_record a", "?4");
    add_next("relationship_ended", "customer", "?5");
    add_next("given_at", "consent WHERE customer_id IS NULL", "?6");
  }

  std::vector<sqlite::Statement> batches;
  std::vector<sqlite::Statement> verifies;
  std::vector<sqlite::Statement> next;
};

class SqlitePurgeStore final : public PurgeStore {
 public:
  SqlitePurgeStore(SqliteStore& store, const PurgeRules& rules)
      : store_(store),
        statements_([&] {
          auto& db = store.connection();
          db.define_function("purge_add_years", 2, add_years_function);
          // Thousands of short transactions: syncing the log at every commit made a purge ten
          // times slower. With NORMAL a power cut may undo the last batches, never corrupt the
          // file, and the next run redoes them. The log is copied back between batches, outside
          // the write lock (see checkpoint), not inside a commit as SQLite would by itself.
          db.exec("PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0");
          db.set_commits_durable(false);
          return PurgeStatements(db, rules);
        }()),
        rules_(rules) {}

  Candidates find(PurgeStep step, std::int64_t after, std::size_t limit) override;
  CategoryCounts remove(PurgeStep step, const std::vector<std::int64_t>& rows,
                        bool dry_run) override;
  void make_durable() override {
    store_.connection().exec("PRAGMA synchronous = FULL");
    store_.connection().set_commits_durable(true);
  }
  void checkpoint() override { store_.connection().exec("PRAGMA wal_checkpoint(PASSIVE)"); }
  std::optional<Timestamp> next_expiry(PurgeStep step) override;

 private:
  void bind_rules(sqlite::Statement& statement) const;

  SqliteStore& store_;
  PurgeStatements statements_;
  PurgeRules rules_;
};

// What goes with a step's record, and what is deleted for it.
struct StepTables {
  Category category;
  std::string_view table;
  std::optional<Category> dependent;  // deleted first: a call's surveys, a customer's consents
  std::string_view dependent_table;
  std::string_view dependent_link;
};

StepTables tables_of(PurgeStep step) {
  switch (step) {
    case PurgeStep::calls:
      return {Category::call, "call", Category::sms_survey, "sms_survey", "call_id"};
    case PurgeStep::chats: return {Category::chat, "chat", std::nullopt, "", ""};
    case PurgeStep::cases: return {Category::case_, "case_record", std::nullopt, "", ""};
    case PurgeStep::customers:
      return {Category::customer, "customer", Category::consent, "consent", "customer_id"};
    case PurgeStep::unlinked_consents: break;
  }
  return {Category::consent, "consent", std::nullopt, "", ""};
}

std::size_t run_counting(sqlite::Connection& db, const std::string& sql, const std::string& rows,
                         bool count_only) {
  if (count_only) {
    sqlite::Statement count(db, "SELECT count(*) FROM (" + sql + ")");
    count.bind(1, rows);
    count.step();
    return static_cast<std::size_t>(count.int64(0));
  }
  sqlite::Statement statement(db, sql);
  statement.bind(1, rows).run();
  return static_cast<std::size_t>(db.changes());
}

}  // namespace

Candidates SqlitePurgeStore::find(PurgeStep step, std::int64_t after, std::size_t limit) {
  auto& query = statements_.batches[static_cast<std::size_t>(step)];
  bind_rules(query);
  query.bind(7, after).bind(8, static_cast<std::int64_t>(limit));
  const auto category = tables_of(step).category;
  Candidates found;
  found.last_row = after;
  while (query.step()) {
    ++found.examined;
    found.last_row = query.int64(0);
    if (query.int64(1) != 0) {
      ++found.held[category];
    } else {
      found.purgeable.push_back(found.last_row);
    }
  }
  query.reset();
  return found;
}

CategoryCounts SqlitePurgeStore::remove(PurgeStep step, const std::vector<std::int64_t>& rows,
                                        bool dry_run) {
  CategoryCounts deleted{};
  if (rows.empty()) return deleted;
  const auto tables = tables_of(step);
  auto& verify = statements_.verifies[static_cast<std::size_t>(step)];
  bind_rules(verify);
  verify.bind(7, nlohmann::json(rows).dump());
  nlohmann::json still = nlohmann::json::array();
  while (verify.step()) still.push_back(verify.int64(0));
  verify.reset();
  if (still.empty()) return deleted;

  auto& db = store_.connection();
  const auto ids = still.dump();
  deleted[tables.category] = still.size();
  if (tables.dependent) {
    const auto sql = fmt::format("{} {} WHERE {}", dry_run ? "SELECT 1 FROM" : "DELETE FROM",
                                 tables.dependent_table, rows_in(tables.dependent_link));
    deleted[*tables.dependent] = run_counting(db, sql, ids, dry_run);
  }
  if (dry_run) return deleted;
  if (step == PurgeStep::calls) {
    sqlite::Statement(db,
                      "INSERT OR IGNORE INTO pending_file_deletion (path) SELECT recording"
                      " FROM call WHERE " +
                          rows_in("id") + " AND recording IS NOT NULL")
        .bind(1, ids)
        .run();
  }
  sqlite::Statement(db, fmt::format("DELETE FROM {} WHERE {}", tables.table, rows_in("id")))
      .bind(1, ids)
      .run();
  store_.mark_scrub_needed();
  return deleted;
}

std::optional<Timestamp> SqlitePurgeStore::next_expiry(PurgeStep step) {
  auto& query = statements_.next[static_cast<std::size_t>(step)];
  bind_rules(query);
  std::optional<Timestamp> out;
  if (query.step() && !query.is_null(0)) out = from_unix(query.int64(0));
  query.reset();
  return out;
}

void SqlitePurgeStore::bind_rules(sqlite::Statement& statement) const {
  const auto& periods = rules_.periods;
  statement.bind_all(to_unix(rules_.as_of), periods.calls.years, periods.chats.years,
                     periods.cases.years, periods.customers.years, periods.unlinked_consents.years);
}

std::unique_ptr<PurgeStore> SqliteStore::purge_store(const PurgeRules& rules) {
  return std::make_unique<SqlitePurgeStore>(*this, rules);
}

}  // namespace oulu10::store

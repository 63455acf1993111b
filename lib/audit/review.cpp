#include "audit/review.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/anchor.hpp"
#include "audit/trail.hpp"
#include "core/free_text.hpp"
#include "core/json_text.hpp"
#include "core/time.hpp"
#include "oulu10gdpr/error.hpp"

namespace oulu10::audit {
namespace {

void write_json(JsonText& out, const store::AuditRow& row) {
  // Keys in the order json::dump would sort them.
  out.raw(R"({"actor":)");
  out.string(row.actor);
  out.raw(R"(,"at":)");
  out.string(format_timestamp(from_unix(row.at)));
  out.raw(R"(,"command":)");
  out.string(row.command);
  out.raw(R"(,"details":)");
  out.raw(row.details);  // stored as json::dump wrote it
  out.raw(R"(,"hash":)");
  out.string(row.hash);
  out.raw(R"(,"os_user":)");
  out.optional_string(row.os_user);
  out.raw(R"(,"outcome":)");
  out.string(row.outcome);
  out.raw(R"(,"request_id":)");
  out.optional_string(row.request_id);
  out.raw(R"(,"seq":)");
  out.number(row.seq);
  out.raw(R"(,"subject_ref":)");
  out.optional_string(row.subject_ref);
  out.raw(R"(,"sudo_uid":)");
  row.sudo_uid ? out.number(*row.sudo_uid) : out.null();
  out.raw(R"(,"sudo_user":)");
  out.optional_string(row.sudo_user);
  out.punctuation('}');
}

// The operating-system account, and through sudo the account that invoked it: "anna" or
// "root<-anna"; "-" for entries written before the register recorded it.
std::string account_text(const store::AuditRow& row) {
  if (!row.os_user) return "-";
  return row.sudo_user ? fmt::format("{}<-{}", *row.os_user, *row.sudo_user) : *row.os_user;
}

std::string text_line(const store::AuditRow& row) {
  return fmt::format("{:>6} {} {:<12} os={} {:<8} {:<9} request={} subject={} {}\n", row.seq,
                     format_timestamp(from_unix(row.at)), row.actor, account_text(row),
                     row.command, row.outcome, row.request_id.value_or("-"),
                     row.subject_ref.value_or("-"), row.details);
}

}  // namespace

std::size_t list(store::Store& store, const store::AuditFilter& filter, std::ostream& out,
                 bool json) {
  std::size_t count = 0;
  if (json) out << R"({"entries":[)";
  std::string buffer;
  store.audit_log()->each(filter, [&](const store::AuditRow& row) {
    if (json) {
      buffer.clear();
      JsonText text(buffer);
      if (count > 0) text.punctuation(',');
      write_json(text, row);
      out << buffer;
    } else {
      out << printable(text_line(row));
    }
    ++count;
  });
  if (json) out << "]}\n";
  return count;
}

namespace {

// Compares the anchored heads, sorted by number, with the entries as they stream past.
class AnchorComparison {
 public:
  AnchorComparison(AnchorCheck& check, std::vector<std::pair<std::int64_t, std::string>> heads)
      : check_(check), heads_(std::move(heads)), next_(heads_.begin()) {
    if (!heads_.empty()) check_.newest_anchored = heads_.back().first;
  }

  void entry(const store::AuditRow& row) {
    for (; next_ != heads_.end() && next_->first <= row.seq; ++next_) {
      if (next_->first < row.seq) {
        mismatch(*next_, std::nullopt);
      } else if (next_->second != row.hash) {
        mismatch(*next_, row.hash);
      } else {
        check_.newest_covered = row.seq;
      }
    }
  }

  void end() {
    for (; next_ != heads_.end(); ++next_) mismatch(*next_, std::nullopt);
  }

 private:
  void mismatch(const std::pair<std::int64_t, std::string>& head,
                const std::optional<std::string>& hash) {
    ++(hash ? check_.differs : check_.missing);
    if (check_.mismatches.size() < kMismatchesListed) {
      check_.mismatches.push_back({head.first, head.second, hash});
    }
  }

  AnchorCheck& check_;
  std::vector<std::pair<std::int64_t, std::string>> heads_;
  std::vector<std::pair<std::int64_t, std::string>>::const_iterator next_;
};

}  // namespace

VerifyReport verify(store::Store& store, const std::optional<AnchorSource>& anchors,
                    const VerifyProgress& progress) {
  VerifyReport report;
  std::optional<AnchorComparison> comparison;
  if (anchors) {
    auto read = read_anchors(anchors->lines, store::register_id(store));
    report.anchors.emplace();
    report.anchors->source = anchors->source;
    report.anchors->lines = read.lines;
    report.anchors->anchors = read.anchors;
    report.anchors->other_register = read.other_register;
    report.anchors->damaged = read.damaged;
    comparison.emplace(*report.anchors, std::move(read.heads));
  }
  std::string expected_prev(kGenesisHash);
  std::int64_t expected_seq = 1;
  const auto log = store.audit_log();
  std::int64_t total = 0;
  if (progress.report) {
    const auto last = log->last();
    total = last ? last->first : 0;
  }
  log->each({}, [&](const store::AuditRow& row) {
    if (comparison) comparison->entry(row);
    if (report.broken_at) return;
    ++report.entries;
    if (progress.report && progress.every > 0 && report.entries % progress.every == 0) {
      progress.report(report.entries, total);
    }
    if (row.seq != expected_seq) {
      report.broken_at = row.seq;
      report.problem = fmt::format("entry {} is missing before it", expected_seq);
    } else if (row.prev_hash != expected_prev) {
      report.broken_at = row.seq;
      report.problem = "it does not follow the entry before it (removed or reordered)";
    } else if (entry_hash(row) != row.hash) {
      report.broken_at = row.seq;
      report.problem = "its content was changed after it was written";
    }
    expected_prev = row.hash;
    expected_seq = row.seq + 1;
  });
  if (comparison) comparison->end();
  return report;
}

void throw_if_incomplete(const VerifyReport& report) {
  if (report.ok()) return;
  if (report.broken_at) {
    throw Error(ExitCode::audit_broken,
                "the audit trail does not verify at entry " + std::to_string(*report.broken_at));
  }
  const auto& anchors = *report.anchors;
  throw Error(ExitCode::audit_broken,
              fmt::format("the audit trail does not match its anchors: {} anchored entry(ies) "
                          "missing, {} different, the first at entry {}",
                          anchors.missing, anchors.differs, anchors.mismatches.front().seq));
}

namespace {

nlohmann::json optional_number(const std::optional<std::int64_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json anchors_json(const AnchorCheck& check) {
  nlohmann::json mismatches = nlohmann::json::array();
  for (const auto& mismatch : check.mismatches) {
    mismatches.push_back(
        {{"seq", mismatch.seq},
         {"problem", mismatch.hash ? "differs" : "missing"},
         {"anchored_hash", mismatch.anchored_hash},
         {"hash", mismatch.hash ? nlohmann::json(*mismatch.hash) : nlohmann::json(nullptr)}});
  }
  return {{"ok", check.ok()},
          {"source", check.source},
          {"lines", check.lines},
          {"anchors", check.anchors},
          {"other_register", check.other_register},
          {"damaged", check.damaged},
          {"newest_anchored", optional_number(check.newest_anchored)},
          {"newest_covered", optional_number(check.newest_covered)},
          {"missing", check.missing},
          {"differs", check.differs},
          {"mismatches", mismatches}};
}

std::string anchors_text(const AnchorCheck& check) {
  std::string out =
      fmt::format("anchors from {}: {} of this register", check.source, check.anchors);
  if (check.other_register > 0) {
    out += fmt::format(", {} of another register ignored", check.other_register);
  }
  if (check.damaged > 0) out += fmt::format(", {} damaged line(s) ignored", check.damaged);
  out += "\n";
  if (check.ok()) {
    out += check.newest_covered
               ? fmt::format(
                     "anchors match: the register holds every anchored entry as it was "
                     "anchored, the newest {}\n",
                     *check.newest_covered)
               : "no anchor of this register to compare with\n";
    return out;
  }
  out += fmt::format(
      "anchors do NOT match: {} anchored entry(ies) missing from the register (cut off the end, "
      "or removed), {} different from what was anchored (rewritten); newest anchored {}, "
      "newest held as anchored {}\n",
      check.missing, check.differs, *check.newest_anchored,
      check.newest_covered ? std::to_string(*check.newest_covered) : std::string("none"));
  for (const auto& mismatch : check.mismatches) {
    out += mismatch.hash ? fmt::format("  entry {}: anchored {}, the register has {}\n",
                                       mismatch.seq, mismatch.anchored_hash, *mismatch.hash)
                         : fmt::format("  entry {}: anchored {}, missing from the register\n",
                                       mismatch.seq, mismatch.anchored_hash);
  }
  if (const auto shown = check.mismatches.size(); shown < check.missing + check.differs) {
    out += fmt::format("  ... and {} more\n", check.missing + check.differs - shown);
  }
  return out;
}

}  // namespace

nlohmann::json to_json(const VerifyReport& report) {
  return {{"ok", report.ok()},
          {"entries_checked", report.entries},
          {"broken_at", optional_number(report.broken_at)},
          {"problem", report.broken_at ? nlohmann::json(report.problem) : nlohmann::json(nullptr)},
          {"anchors", report.anchors ? anchors_json(*report.anchors) : nlohmann::json(nullptr)}};
}

std::string render_text(const VerifyReport& report, const ReportContext&) {
  std::string out =
      report.broken_at
          ? fmt::format("audit trail does NOT verify at entry {}: {}\n", *report.broken_at,
                        report.problem)
          : fmt::format("audit trail verifies: {} entries, chain whole\n", report.entries);
  if (report.anchors) out += anchors_text(*report.anchors);
  return out;
}

}  // namespace oulu10::audit

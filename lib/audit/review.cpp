#include "audit/review.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

VerifyReport verify(store::Store& store, const VerifyProgress& progress) {
  VerifyReport report;
  std::string expected_prev(kGenesisHash);
  std::int64_t expected_seq = 1;
  const auto log = store.audit_log();
  std::int64_t total = 0;
  if (progress.report) {
    const auto last = log->last();
    total = last ? last->first : 0;
  }
  log->each({}, [&](const store::AuditRow& row) {
    if (!report.ok()) return;
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
  return report;
}

void throw_if_incomplete(const VerifyReport& report) {
  if (report.ok()) return;
  throw Error(ExitCode::audit_broken,
              "the audit trail does not verify at entry " + std::to_string(*report.broken_at));
}

nlohmann::json to_json(const VerifyReport& report) {
  return {{"ok", report.ok()},
          {"entries_checked", report.entries},
          {"broken_at", report.broken_at ? nlohmann::json(*report.broken_at) : nullptr},
          {"problem", report.ok() ? nlohmann::json(nullptr) : nlohmann::json(report.problem)}};
}

std::string render_text(const VerifyReport& report, const ReportContext&) {
  if (report.ok()) {
    return fmt::format("audit trail verifies: {} entries, chain whole\n", report.entries);
  }
  return fmt::format("audit trail does NOT verify at entry {}: {}\n", *report.broken_at,
                     report.problem);
}

}  // namespace oulu10::audit

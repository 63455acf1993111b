#include "rights/restrict.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "rights/person_command.hpp"
#include "store/restrictions.hpp"

namespace oulu10::rights {
namespace {

void check_ground(const std::string& ground) {
  if (std::find(std::begin(kRestrictionGrounds), std::end(kRestrictionGrounds), ground) ==
      std::end(kRestrictionGrounds)) {
    throw InvalidInput("--ground: expected accuracy, unlawful, legal-claims or objection");
  }
}

std::vector<RowKey> all_rows(const SubjectRecords& records) {
  std::vector<RowKey> rows;
  records.each_category([&](Category category, const auto& list) {
    for (const auto& stored : list) rows.emplace_back(category, stored.row);
  });
  return rows;
}

// What a restriction or its lifting did, for the runner: nothing matched when there was
// nothing to restrict or lift.
StepResult result_of(const RestrictReport& report, std::string_view outcome,
                     journal::Change journal, processors::Instruction instruction) {
  nlohmann::json details = {{"action", report.lift ? "lift" : "restrict"},
                            {"records", counts_json(report.records)},
                            {"restrictions", report.restrictions}};
  if (report.ground) details["ground"] = *report.ground;
  return {.matched = report.restrictions > 0,
          .outcome = outcome,
          .details = std::move(details),
          .journal = std::move(journal),
          .instruction = std::move(instruction)};
}

// Restricting and lifting are one command, `restrict`, that reaches one person.
PersonCommand restrict_command(RestrictReport& report,
                               std::function<StepResult(const Person&)> step,
                               std::string_view no_match) {
  return {.command = commands::restrict_,
          .mode = change_or_dry_run(report.dry_run),
          .reach = one_person,
          .step = std::move(step),
          .no_match = no_match,
          .journal_delivery = &report.journal,
          .instructed = &report.instructed};
}

// A restriction and its lifting name every record of the person: a restored register restricts
// those it has, and lifts the restrictions that cover any of them.
journal::Change journaled(store::Store& store, journal::ChangeKind kind,
                          const std::optional<std::string>& ground, const SubjectRecords& records) {
  journal::Change change;
  change.kind = kind;
  change.ground = ground;
  records.each_category([&](Category category, const auto& list) {
    for (const auto& stored : list)
      add_to_journal(change, store, category, stored.record.source_id);
  });
  return change;
}

// The records a restriction concerns, for the processors that hold them.
processors::Instruction restricted_records(const SubjectRecords& records) {
  processors::Instruction out{processors::Action::restrict_, {}, {}};
  records.each_category([&](Category category, const auto& list) {
    for (const auto& stored : list) out.add(category, stored.record.source_id);
  });
  return out;
}

}  // namespace

RestrictReport restrict_processing(store::Store& store, const Session& session,
                                   const Subject& subject, const std::string& ground,
                                   const std::optional<std::string>& request_id, bool dry_run) {
  check_ground(ground);
  RestrictReport report;
  report.dry_run = dry_run;
  report.ground = ground;
  const auto restrict_records = [&](const Person& person) {
    const auto& records = person.records;
    report.records = records.counts();
    if (!records.empty()) {
      report.restrictions = 1;
      if (!dry_run) {
        store.restrictions()->create(ground, session.now(), person.request_id, all_rows(records));
      }
    }
    return result_of(report, "restricted",
                     journaled(store, journal::ChangeKind::restrict_, ground, records),
                     restricted_records(records));
  };
  run_for_person(
      store, session, subject, request_id,
      restrict_command(report, restrict_records, "no records of the given subject to restrict"));
  return report;
}

RestrictReport lift_restriction(store::Store& store, const Session& session, const Subject& subject,
                                const std::optional<std::string>& request_id, bool dry_run) {
  RestrictReport report;
  report.dry_run = dry_run;
  report.lift = true;
  const auto lift_restrictions = [&](const Person& person) {
    const auto& records = person.records;
    report.restrictions = records.restrictions.size();
    for (const auto& [category, row] : records.restricted) ++report.records[category];
    const auto restrictions = store.restrictions();
    std::vector<std::int64_t> ids;
    for (const auto& restriction : records.restrictions) ids.push_back(restriction.id);
    // The processors release what the restrictions covered, records outside this reading too.
    auto released = processors::released_records(*restrictions, ids);
    if (!dry_run) {
      for (const auto id : ids) restrictions->lift(id);
    }
    return result_of(report, "lifted",
                     journaled(store, journal::ChangeKind::lift, std::nullopt, records),
                     std::move(released));
  };
  run_for_person(store, session, subject, request_id,
                 restrict_command(report, lift_restrictions,
                                  "no active restriction on the records of the given subject"));
  return report;
}

void throw_if_incomplete(const RestrictReport& report) {
  journal::throw_if_undelivered(report.journal);
}

nlohmann::json to_json(const RestrictReport& report) {
  nlohmann::json out = {
      {"action", report.lift ? "lift" : "restrict"}, {"dry_run", report.dry_run},
      {"records", counts_json(report.records)},      {"restrictions", report.restrictions},
      {"recipients_to_inform", report.instructed.processors},
      {"processor_tasks", tasks_json(report.instructed)},
      {"journaled", report.journal.written}};
  if (report.ground) out["ground"] = *report.ground;
  if (report.lift) {
    out["reminder"] = "Tell the data subject before the restriction is lifted (GDPR art. 18(3)).";
  }
  return out;
}

std::string render_text(const RestrictReport& report, const ReportContext&) {
  std::string out;
  if (report.lift) {
    out = fmt::format("{} {} restriction(s) on {} record(s)\n",
                      report.dry_run ? "would lift" : "lifted", report.restrictions,
                      report.records.total());
    out +=
        "reminder: the data subject must be told before a restriction is lifted "
        "(GDPR art. 18(3))\n";
  } else {
    out = fmt::format("{} {} record(s) on the ground '{}'\n",
                      report.dry_run ? "would restrict" : "restricted", report.records.total(),
                      report.ground.value_or(""));
    out += "restricted records are kept and shown, but not erased or purged until lifted\n";
  }
  return out + instructed_text(report.instructed, report.dry_run) + journal_text(report.journal);
}

}  // namespace oulu10::rights

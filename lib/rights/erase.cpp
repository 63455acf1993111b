#include "rights/erase.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/commands.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"
#include "rights/person_command.hpp"
#include "store/erasure.hpp"
#include "store/purge_lock.hpp"

namespace oulu10::rights {
namespace {

std::string_view legal_basis(KeptBecause because) {
  switch (because) {
    case KeptBecause::statutory_task: return "GDPR art. 17(3)(b)";
    case KeptBecause::open_complaint: return "GDPR art. 17(3)(e)";
    case KeptBecause::restricted: return "GDPR art. 18(1)";
    case KeptBecause::needed_by_kept: return "GDPR art. 17(3)";
    case KeptBecause::relationship_ongoing:  // retention periods, not reasons to keep from erasure
    case KeptBecause::case_open: break;
  }
  return "";
}

// Decides, record by record, what is kept and why; everything else is erased.
class Plan {
 public:
  explicit Plan(const SubjectRecords& records) : records_(records) {
    for (const auto& c : records.cases) {
      if (c.record.statutory) {
        keep({Category::case_, c.row}, KeptBecause::statutory_task);
      } else if (c.record.kind == CaseKind::complaint && !c.record.closed_at) {
        keep({Category::case_, c.row}, KeptBecause::open_complaint);
      }
    }
    for (const auto& chat : records.chats) {
      if (records.chats_in_open_complaints.contains(chat.row)) {
        keep({Category::chat, chat.row}, KeptBecause::open_complaint);
      }
    }
    for (const auto& call : records.calls) {
      if (records.calls_in_open_complaints.contains(call.row)) {
        keep({Category::call, call.row}, KeptBecause::open_complaint);
      }
    }
    for (const auto& record : records.restricted) keep(record, KeptBecause::restricted);
    // A survey is deleted with its call, so a kept survey keeps its call.
    for (const auto& survey : records.sms_surveys) {
      if (!kept_.contains({Category::sms_survey, survey.row})) continue;
      for (const auto& call : records.calls) {
        if (call.record.source_id == survey.record.call) {
          keep({Category::call, call.row}, KeptBecause::needed_by_kept);
        }
      }
    }
    // Calls kept for a survey may belong to customers too; now every owner is known.
    for (const auto& customer : records.customers) {
      if (owners_.contains(customer.record.source_id)) {
        keep({Category::customer, customer.row}, KeptBecause::needed_by_kept);
      }
    }
  }

  [[nodiscard]] const std::vector<KeptBecause>* kept(RowKey record) const {
    const auto found = kept_.find(record);
    return found == kept_.end() ? nullptr : &found->second;
  }

 private:
  void keep(RowKey record, KeptBecause because) {
    auto& reasons = kept_[record];
    if (std::find(reasons.begin(), reasons.end(), because) == reasons.end()) {
      reasons.push_back(because);
    }
    add_owner(record);
  }

  // A kept record's customer must stay: the record refers to it.
  void add_owner(RowKey record) {
    const auto add = [&](const auto& list) {
      for (const auto& stored : list) {
        if (stored.row == record.second && stored.record.customer) {
          owners_.insert(*stored.record.customer);
        }
      }
    };
    switch (record.first) {
      case Category::case_: add(records_.cases); break;
      case Category::chat: add(records_.chats); break;
      case Category::call: add(records_.calls); break;
      case Category::consent: add(records_.consents); break;
      case Category::customer:
      case Category::sms_survey: break;  // a survey's owner is its call, handled above
    }
  }

  const SubjectRecords& records_;
  std::map<RowKey, std::vector<KeptBecause>> kept_;
  std::set<std::string> owners_;  // customers a kept record belongs to
};

class Execution {
 public:
  Execution(store::Store& store, const Plan& plan, EraseReport& report, bool dry_run)
      : store_(store), eraser_(store.eraser()), plan_(plan), report_(report), dry_run_(dry_run) {}

  template <typename Record>
  void erase_all(Category category, const std::vector<Stored<Record>>& records) {
    for (const auto& stored : records) {
      if (const auto* because = plan_.kept({category, stored.row})) {
        report_.kept.push_back({category, stored.record.source_id, *because});
        continue;
      }
      ++report_.erased[category];
      if constexpr (std::is_same_v<Record, CallRecord>) {
        if (stored.record.recording) {
          ++report_.recording_files;
          if (!dry_run_) eraser_->delete_file_after_commit(*stored.record.recording);
        }
      }
      if (dry_run_) continue;
      eraser_->remove({category, stored.row});
      auto key = store::source_key(store_, category, stored.record.source_id);
      eraser_->remember_erased_key(category, key);
      journaled_.records[category].push_back(std::move(key));
    }
  }

  // The erased records, for the rights journal.
  [[nodiscard]] journal::Change journaled() const { return journaled_; }

  // The erased records, for the processors that hold them; a dry run names those it would erase.
  template <typename Record>
  void instruct(Category category, const std::vector<Stored<Record>>& records) {
    for (const auto& stored : records) {
      if (!plan_.kept({category, stored.row})) instruction_.add(category, stored.record.source_id);
    }
  }
  [[nodiscard]] processors::Instruction instruction() const { return instruction_; }

  void finish() {
    if (!dry_run_ && report_.erased.total() > 0) eraser_->scrub_after_commit();
  }

 private:
  store::Store& store_;
  std::unique_ptr<store::Eraser> eraser_;
  journal::Change journaled_;  // its kind is erase
  processors::Instruction instruction_;  // its action is erase
  const Plan& plan_;
  EraseReport& report_;
  bool dry_run_;
};

nlohmann::json kept_counts(const EraseReport& report) {
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& kept : report.kept) {
    for (const auto because : kept.because) {
      auto& count = counts[std::string(id_of(because))];
      count = count.is_null() ? 1 : count.get<int>() + 1;
    }
  }
  return counts;
}

std::string_view outcome(const EraseReport& report) {
  if (report.kept.empty()) return "erased";
  return report.erased.total() == 0 ? "all_kept" : "partially_erased";
}

// The step of `erase`: erases the records the plan does not keep.
StepResult erase_records(store::Store& store, const SubjectRecords& records, EraseReport& report) {
  report.other_people_left_out = records.other_people_left_out;
  const Plan plan(records);
  Execution execution(store, plan, report, report.dry_run);
  // Dependents before what they depend on: the register's foreign keys insist.
  execution.erase_all(Category::consent, records.consents);
  execution.erase_all(Category::sms_survey, records.sms_surveys);
  execution.erase_all(Category::case_, records.cases);
  execution.erase_all(Category::chat, records.chats);
  execution.erase_all(Category::call, records.calls);
  execution.erase_all(Category::customer, records.customers);
  execution.finish();
  records.each_category(
      [&](Category category, const auto& list) { execution.instruct(category, list); });
  return {.matched = !records.empty(),
          .outcome = outcome(report),
          .details = {{"erased", counts_json(report.erased)},
                      {"kept", kept_counts(report)},
                      {"recording_files", report.recording_files}},
          .journal = execution.journaled(),
          .instruction = execution.instruction()};
}

// After the commit: deletes the recording files and scrubs the erased content from the file.
void finish_erasure(store::Store& store, EraseReport& report) {
  // A running purge vacuums when it ends; two rewrites of the file would only queue.
  report.left_to_purge = store::PurgeLock::held_elsewhere(store.path());
  report.pending = store.finish_pending_work(report.left_to_purge ? store::Finish::without_vacuum
                                                                  : store::Finish::everything);
}

}  // namespace

EraseReport erase(store::Store& store, const Session& session, const Subject& subject,
                  const std::optional<std::string>& request_id, bool dry_run) {
  EraseReport report;
  report.dry_run = dry_run;
  run_for_person(store, session, subject, request_id,
                 {.command = commands::erase,
                  .mode = change_or_dry_run(dry_run),
                  .reach = one_person,
                  .step =
                      [&](const Person& person) {
                        // Four eyes, where the site requires them: a dry run changes nothing,
                        // so it needs no approval.
                        if (!dry_run && session.erase_approval().required) {
                          report.approved_by =
                              requests::erase_approved_by(store, session, person.request_id);
                        }
                        auto result = erase_records(store, person.records, report);
                        if (report.approved_by) result.details["approved_by"] = *report.approved_by;
                        return result;
                      },
                  .after_commit =
                      [&] {
                        if (!dry_run) finish_erasure(store, report);
                      },
                  .no_match = "no records of the given subject to erase",
                  .journal_delivery = &report.journal,
                  .instructed = &report.instructed});
  return report;
}

void throw_if_incomplete(const EraseReport& report) {
  journal::throw_if_undelivered(report.journal);
  store::throw_if_unfinished(
      report.pending,
      {.disk_full = "erased from the register, but the disk is full or failed, so the erased "
                    "content is not yet out of every file of it; the next erase or purge "
                    "finishes that when there is room",
       .busy = report.left_to_purge
                   ? "erased from the register; the purge now running removes it from every "
                     "file of it when it ends"
                   : "erased from the register, but not yet from every file of it (a reader or "
                     "writer was busy); the next erase or purge finishes that"});
  if (!report.kept.empty()) {
    throw RecordsKept(
        fmt::format("{} record(s) were kept, as listed with their reasons", report.kept.size()));
  }
}

nlohmann::json to_json(const EraseReport& report) {
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& record : report.kept) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto because : record.because) {
      reasons.push_back({{"reason", id_of(because)}, {"legal_basis", legal_basis(because)}});
    }
    kept.push_back({{"category", policy_category(record.category)},
                    {"id", record.source_id},
                    {"reasons", reasons}});
  }
  return {
      {"dry_run", report.dry_run},
      {"erased", counts_json(report.erased)},
      {"kept", kept},
      {"recording_files",
       {{"erased_calls", report.recording_files},
        {"deleted", report.pending.files_deleted},
        {"left", report.pending.files_left}}},
      {"scrubbed", !report.dry_run && !report.pending.scrub_pending && !report.pending.unfinished},
      {"other_people_left_out", report.other_people_left_out},
      {"recipients_to_inform", report.instructed.processors},
      {"processor_tasks", tasks_json(report.instructed)},
      {"journaled", report.journal.written},
      {"approved_by",
       report.approved_by ? nlohmann::json(*report.approved_by) : nlohmann::json(nullptr)}};
}

namespace {

std::string reason_text(KeptBecause because, const policy::Policy& policy) {
  switch (because) {
    case KeptBecause::statutory_task: {
      const auto& limitation = policy.right("erasure").limitation;
      return limitation ? fmt::format("a statutory task; the notice: erasure \"{}\" ({})",
                                      limitation->fi, limitation->en)
                        : std::string("a statutory task");
    }
    case KeptBecause::open_complaint: return "needed by an open complaint case";
    case KeptBecause::restricted: return "processing is restricted; lift the restriction first";
    case KeptBecause::needed_by_kept: return "a kept record belongs to it";
    case KeptBecause::relationship_ongoing:  // retention periods, not reasons to keep from erasure
    case KeptBecause::case_open: break;
  }
  return {};
}

}  // namespace

std::string render_text(const EraseReport& report, const ReportContext& context) {
  std::string out = fmt::format("{} {} record(s)", report.dry_run ? "would erase" : "erased",
                                report.erased.total());
  std::string parts;
  for (const auto category : kCategories) {
    const auto count = report.erased[category];
    if (count > 0)
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", count, policy_category(category));
  }
  out += parts.empty() ? "\n" : fmt::format(": {}\n", parts);
  if (report.recording_files > 0) {
    out += report.dry_run
               ? fmt::format("would delete {} recording file(s)\n", report.recording_files)
               : fmt::format("deleted {} recording file(s)\n", report.pending.files_deleted);
  }
  if (!report.kept.empty()) {
    out += fmt::format("{} {} record(s):\n", report.dry_run ? "WOULD KEEP" : "KEPT",
                       report.kept.size());
    for (const auto& kept : report.kept) {
      std::string reasons;
      for (const auto because : kept.because) {
        reasons += fmt::format("{}{} ({})", reasons.empty() ? "" : "; ",
                               reason_text(because, context.policy), legal_basis(because));
      }
      out += fmt::format("  {} {}: {}\n", type_name(kept.category), kept.source_id, reasons);
    }
  }
  if (report.pending.files_left > 0) {
    out += fmt::format(
        "NOT DONE: {} recording file(s) could not be deleted; the next writing command retries\n",
        report.pending.files_left);
  }
  if (report.left_to_purge) {
    out +=
        "NOT YET DONE: a purge is running; it removes the erased content from the unused space "
        "of the file and from its write-ahead log when it ends\n";
  } else if (report.pending.scrub_pending || report.pending.unfinished) {
    out +=
        "NOT YET DONE: the register was busy, so the erased content may still be in unused "
        "space of the file or in its write-ahead log; the next erase or purge removes it\n";
  }
  out += journal_text(report.journal);
  if (report.other_people_left_out > 0) {
    out += fmt::format(
        "note: {} customer record(s) with another henkilötunnus were left out as another "
        "person's\n",
        report.other_people_left_out);
  }
  out += instructed_text(report.instructed, report.dry_run);
  if (report.approved_by) {
    out += fmt::format("four eyes: the erasure request was approved by account {}\n",
                       *report.approved_by);
  }
  return out;
}

}  // namespace oulu10::rights

#include "requests/requests.hpp"

#include <algorithm>
#include <span>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/trail.hpp"
#include "core/free_text.hpp"
#include "identity/hetu.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/deadline.hpp"
#include "store/request_store.hpp"

namespace oulu10::requests {
namespace {

constexpr std::size_t kMaxReasonBytes = 2000;
constexpr std::size_t kMaxMethodBytes = 200;
constexpr Date kGdprApplies{std::chrono::year{2018}, std::chrono::May, std::chrono::day{25}};

bool is_kind(std::string_view kind) { return !answered_by(kind).empty(); }

std::string_view one_of(std::string_view value, std::string_view option,
                        std::span<const std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    throw InvalidInput(fmt::format("{}: expected {}", option, fmt::join(allowed, ", ")));
  }
  return value;
}

std::string checked_text(std::string_view text, std::string_view option, std::size_t max_bytes) {
  auto checked = checked_free_text(text, max_bytes);
  if (!checked) throw InvalidInput(fmt::format("{}: {}", option, checked.reason()));
  return std::move(checked).value();
}

Date stored_date(const std::string& text) {
  const auto date = parse_date(text);
  if (!date) throw RegisterUnusable("a request in the register has a malformed date");
  return *date;
}

std::vector<std::string> stored_identifiers(const std::string& text) {
  try {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw RegisterUnusable("a request in the register has malformed identifiers");
  }
}

Request from_row(const store::RequestRow& row) {
  Request out{.id = row.id,
              .kind = row.kind,
              .received = stored_date(row.received_on),
              .ref = row.ref,
              .channel = row.channel,
              .identity_verified_by = row.identity_verified_by,
              .identifiers = stored_identifiers(row.identifiers),
              .opened_at = row.opened_at,
              .opened_by = row.opened_by,
              .first_due = stored_date(row.first_due_on),
              .extension = std::nullopt,
              .closing = std::nullopt};
  if (row.extended_at) {
    out.extension =
        Extension{*row.extended_at, row.extended_by.value_or(""),
                  stored_date(row.extended_due_on.value_or("")), row.extension_reason.value_or("")};
  }
  if (row.closed_at) {
    out.closing = Closing{*row.closed_at, row.closed_by.value_or(""), row.outcome.value_or(""),
                          row.close_reason};
  }
  if (row.approval) out.approval = Approval{row.approval->at, row.approval->by, row.approval->account};
  return out;
}

Date today(const Session& session) { return finnish_date(session.now()); }

Request find(store::RequestStore& rows, const std::string& id) {
  const auto row = rows.find(checked_id(id, "ID"));
  if (!row) throw NoMatch(fmt::format("no request {}", id));
  return from_row(*row);
}

void audit(store::Store& store, const Session& session, const Request& request,
           std::string_view command, nlohmann::json details, std::string_view outcome) {
  audit::Trail trail(store, session);
  trail.append({.at = session.now(),
                .actor = session.actor(),
                .identity = session.identity(),
                .command = std::string(command),
                .request_id = request.id,
                .subject_ref = request.identifiers.empty()
                                   ? std::nullopt
                                   : std::optional(trail.subject_reference(request.identifiers)),
                .details = std::move(details),
                .outcome = std::string(outcome)});
}

std::string next_id(store::RequestStore& rows, Date opened_on) {
  const auto prefix = fmt::format("REQ-{}-", static_cast<int>(opened_on.year()));
  return fmt::format("{}{:04}", prefix, rows.last_number(prefix) + 1);
}

Date received_date(const std::string& text, Date today) {
  const auto received = parse_date(text);
  if (!received) throw InvalidInput("--received: " + received.reason());
  if (days_between(today, *received) > 0) {
    throw InvalidInput(fmt::format("--received: {} is after today ({})", text, format_day(today)));
  }
  // Before the GDPR applied there were no such requests: an earlier date is a typo.
  if (days_between(kGdprApplies, *received) < 0) {
    throw InvalidInput(fmt::format("--received: {} is before the GDPR applied ({})", text,
                                   format_day(kGdprApplies)));
  }
  return *received;
}

// A diary number is the registry office's, never the person's: one that is a henkilötunnus was
// typed into the wrong option, and would show in the list, which is not audited.
std::string checked_ref(std::string_view text) {
  auto ref = checked_id(text, "--ref");
  if (identity::Hetu::parse(ref)) {
    throw InvalidInput(
        "--ref: that is a henkilötunnus; give it with --hetu, and the diary "
        "number with --ref");
  }
  return ref;
}

Request new_request(const OpenInput& input, const Session& session, Date received) {
  if (!is_kind(input.kind)) {
    throw InvalidInput(
        "--kind: expected access, portability, rectification, erasure, restriction, objection "
        "or consent-withdrawal");
  }
  Request request{
      .id = {},
      .kind = input.kind,
      .received = received,
      .ref = input.ref ? std::optional(checked_ref(*input.ref)) : std::nullopt,
      .channel = std::nullopt,
      .identity_verified_by = std::nullopt,
      .identifiers = input.subject ? input.subject->identifiers() : std::vector<std::string>{},
      .opened_at = session.now(),
      .opened_by = session.actor(),
      .first_due = answer_due(received),
      .extension = std::nullopt,
      .closing = std::nullopt};
  if (input.channel) {
    request.channel = std::string(one_of(*input.channel, "--channel", kChannels));
  }
  if (input.identity_verified_by) {
    request.identity_verified_by =
        checked_text(*input.identity_verified_by, "--identity-verified-by", kMaxMethodBytes);
  }
  return request;
}

store::RequestRow to_row(const Request& request) {
  store::RequestRow row;
  row.id = request.id;
  row.kind = request.kind;
  row.received_on = format_day(request.received);
  row.ref = request.ref;
  row.channel = request.channel;
  row.identity_verified_by = request.identity_verified_by;
  row.identifiers = nlohmann::json(request.identifiers).dump();
  row.opened_at = request.opened_at;
  row.opened_by = request.opened_by;
  row.first_due_on = format_day(request.first_due);
  if (request.approval) {
    row.approval = store::RequestApproval{request.approval->at, request.approval->by,
                                          request.approval->account};
  }
  return row;
}

store::AuditFilter naming(const std::string& request_id) {
  store::AuditFilter filter;
  filter.request_id = request_id;
  return filter;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Whether a request opened with identifiers is about the subject. One that holds a
// henkilötunnus or customer id is when one of those is the subject's: given, or on the
// subject's records. One that holds only numbers and addresses is when the clerk gave one of
// them, as a number pulls in records not linked to the customer only when given (art. 15(4)):
// a number on the subject's records may be another person's too.
bool names_subject(const Request& request, const std::vector<std::string>& given,
                   const std::vector<std::string>& with_records) {
  const auto& held = request.identifiers;
  const auto one_person = [](const std::string& identifier) { return names_one_person(identifier); };
  if (std::any_of(held.begin(), held.end(), one_person)) {
    return std::any_of(held.begin(), held.end(), [&](const std::string& identifier) {
      return names_one_person(identifier) && contains(with_records, identifier);
    });
  }
  return std::any_of(held.begin(), held.end(),
                     [&](const std::string& identifier) { return contains(given, identifier); });
}

// Whether an audit entry is a rights subcommand's, rather than the casework around it (request
// and processor-task entries name the request too).
bool by_rights_subcommand(const store::AuditRow& row) {
  return std::any_of(std::begin(commands::kAll), std::end(commands::kAll), [&](const Command* c) {
    return c->audit_name == row.command && !c->request_kind.empty();
  });
}

// The work of rights subcommands linked to the request: their entries other than dry runs and
// reads that found nothing.
std::size_t work_done_for(store::Store& store, const std::string& id) {
  std::size_t count = 0;
  store.audit_log()->each(naming(id), [&](const store::AuditRow& row) {
    if (by_rights_subcommand(row) && row.outcome != "dry_run" && row.outcome != "no_match") {
      ++count;
    }
  });
  return count;
}

std::vector<store::TaskRow> tasks_of(store::Store& store, const std::string& request_id) {
  return store.processor_tasks()->list(
      {.open_only = false, .processor = std::nullopt, .request_id = request_id});
}

// The ids of the tasks the processors have not confirmed.
std::vector<std::string> unconfirmed(const std::vector<store::TaskRow>& tasks) {
  std::vector<std::string> ids;
  for (const auto& task : tasks) {
    if (!task.confirmation) ids.push_back(task.id);
  }
  return ids;
}

// Whether the subject a rights subcommand acts on is the one the request was opened for (a
// request opened with the henkilötunnus links a rectify that names the customer record).
bool same_subject(const Request& request, const Subject& subject, const SubjectRecords& records) {
  if (request.identifiers.empty()) return true;
  return names_subject(request, subject.identifiers(), identifiers_with_records(subject, records));
}

}  // namespace

// An id goes into the audit trail, so it must be an id and nothing more: 1 to 64 letters, digits
// and . _ : / - (a diary number such as "OUKA/1234/2026"), never a name.
std::string checked_id(std::string_view text, std::string_view option) {
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == ':' || c == '/' || c == '-';
  };
  if (text.empty() || text.size() > 64 || !std::all_of(text.begin(), text.end(), allowed)) {
    throw InvalidInput(fmt::format("{}: must be 1 to 64 letters, digits and . _ : / -", option));
  }
  return std::string(text);
}

std::string_view answered_by(std::string_view kind) {
  const Command* command = command_answering(kind);
  return command ? command->cli_name : std::string_view();
}

RequestView open_request(store::Store& store, const Session& session, const OpenInput& input) {
  const auto now = today(session);
  auto request = new_request(input, session, received_date(input.received, now));
  const auto transaction = store.begin_write();
  const auto rows = store.request_store();
  request.id = next_id(*rows, now);
  rows->insert(to_row(request));
  audit(store, session, request, "request open",
        {{"kind", request.kind},
         {"received", format_day(request.received)},
         {"due", format_day(request.first_due)}},
        "opened");
  transaction->commit();
  return {request, now};
}

RequestList list_requests(store::Store& store, const Session& session, const ListFilter& filter) {
  if (filter.kind && !is_kind(*filter.kind)) {
    throw InvalidInput("--kind: not a kind of request (see request open --help)");
  }
  if (filter.due_within && *filter.due_within < 0) {
    throw InvalidInput("--due-within: must be 0 or more days");
  }
  const auto now = today(session);
  RequestList out{now, {}};
  const auto open_tasks = store.processor_tasks()->open_by_request();
  for (const auto& row : store.request_store()->all()) {
    const auto tasks = open_tasks.find(row.id);
    RequestView view{from_row(row), now, tasks == open_tasks.end() ? 0 : tasks->second};
    const auto& request = view.request;
    if (filter.open_only && !request.is_open()) continue;
    if (filter.overdue_only && !view.overdue()) continue;
    if (filter.due_within && (!request.is_open() || view.days_left() > *filter.due_within))
      continue;
    if (filter.kind && request.kind != *filter.kind) continue;
    out.requests.push_back(std::move(view));
  }
  std::stable_sort(
      out.requests.begin(), out.requests.end(), [](const RequestView& a, const RequestView& b) {
        return std::chrono::sys_days{a.request.due()} < std::chrono::sys_days{b.request.due()};
      });
  return out;
}

RequestDetails show_request(store::Store& store, const Session& session, const std::string& id) {
  const auto transaction = store.begin_write();
  const auto rows = store.request_store();
  RequestDetails details{{find(*rows, id), today(session)}, {}, {}};
  store.audit_log()->each(naming(details.view.request.id),
                          [&](const store::AuditRow& row) { details.actions.push_back(row); });
  details.tasks = tasks_of(store, details.view.request.id);
  details.view.open_tasks = unconfirmed(details.tasks).size();
  audit(store, session, details.view.request, "request show", {{"actions", details.actions.size()}},
        "read");
  transaction->commit();
  return details;
}

RequestView extend_request(store::Store& store, const Session& session, const std::string& id,
                           const std::string& reason) {
  const auto why = checked_text(reason, "--reason", kMaxReasonBytes);
  const auto now = today(session);
  const auto transaction = store.begin_write();
  const auto rows = store.request_store();
  auto request = find(*rows, id);
  if (!request.is_open()) {
    throw InvalidInput(fmt::format("request {} was closed on {}; it cannot be extended", id,
                                   format_day(finnish_date(request.closing->at))));
  }
  if (request.extension) {
    throw InvalidInput(
        fmt::format("request {} was already extended, to {}; the law allows one "
                    "extension",
                    id, format_day(request.extension->due)));
  }
  if (days_between(request.first_due, now) > 0) {
    throw InvalidInput(fmt::format(
        "request {}: too late to extend; the subject had to be told within the first month, by "
        "{} (GDPR art. 12(3))",
        id, format_day(request.first_due)));
  }
  request.extension =
      Extension{session.now(), session.actor(), extended_due(request.received), why};
  rows->extend(request.id, session.now(), session.actor(), format_day(request.extension->due), why);
  audit(store, session, request, "request extend",
        {{"previous_due", format_day(request.first_due)},
         {"due", format_day(request.extension->due)}},
        "extended");
  transaction->commit();
  return {request, now};
}

std::string accountable_account(const OsIdentity& identity) {
  return identity.sudo_user.value_or(identity.user);
}

std::string account_text(const OsIdentity& identity) {
  return identity.sudo_user ? fmt::format("{}<-{}", identity.user, *identity.sudo_user)
                            : identity.user;
}

RequestView approve_request(store::Store& store, const Session& session, const std::string& id) {
  const auto transaction = store.begin_write();
  const auto rows = store.request_store();
  auto request = find(*rows, id);
  if (!request.is_open()) {
    throw InvalidInput(fmt::format("request {} was closed on {} ({}); it cannot be approved", id,
                                   format_day(finnish_date(request.closing->at)),
                                   request.closing->outcome));
  }
  if (request.kind != commands::erase.request_kind) {
    throw InvalidInput(fmt::format(
        "request {} is a request of kind {}; only erasure requests are approved (four eyes on "
        "erase)",
        id, request.kind));
  }
  if (request.identifiers.empty()) {
    throw InvalidInput(fmt::format(
        "request {} was opened without the subject's identifiers, so its approval would let "
        "anyone be erased; open the erasure request with them (request open --kind erasure ... "
        "--hetu ...)",
        id));
  }
  if (request.approval) {
    throw InvalidInput(fmt::format("request {} was already approved on {} by {} (account {})", id,
                                   format_day(finnish_date(request.approval->at)),
                                   request.approval->by, account_text(request.approval->account)));
  }
  request.approval = Approval{session.now(), session.actor(), session.identity()};
  rows->approve(request.id, {request.approval->at, request.approval->by,
                             request.approval->account});
  audit(store, session, request, "request approve",
        {{"approval_required", session.erase_approval().required}}, "approved");
  transaction->commit();
  return {request, today(session)};
}

std::string erase_approved_by(store::Store& store, const Session& session,
                              const std::optional<std::string>& linked) {
  const auto& rule = session.erase_approval().required_by;
  if (!linked) {
    throw InvalidInput(fmt::format(
        "erase needs --request ID of an erasure request that another account approved with "
        "request approve ID ({})",
        rule));
  }
  const auto request = find(*store.request_store(), *linked);
  const auto erasing = accountable_account(session.identity());
  if (!request.approval) {
    throw InvalidInput(fmt::format(
        "--request {}: not approved; an account other than {} must run request approve {} "
        "first ({})",
        *linked, erasing, *linked, rule));
  }
  const auto approving = accountable_account(request.approval->account);
  if (approving == erasing) {
    throw InvalidInput(fmt::format(
        "--request {}: account {} approved it and may not also erase under it; another "
        "account must run the erase ({})",
        *linked, approving, rule));
  }
  return approving;
}

CloseReport close_request(store::Store& store, const Session& session, const std::string& id,
                          const std::string& outcome, const std::optional<std::string>& reason) {
  one_of(outcome, "--outcome", kOutcomes);
  std::optional<std::string> why;
  if (reason) why = checked_text(*reason, "--reason", kMaxReasonBytes);
  if (!why && outcome != "completed") {
    throw InvalidInput(fmt::format(
        "--reason: a {} request needs the reasons the subject is told (GDPR art. 12(4))",
        outcome == "refused" ? "refused" : "partially completed"));
  }
  const auto transaction = store.begin_write();
  const auto rows = store.request_store();
  auto request = find(*rows, id);
  if (!request.is_open()) {
    throw InvalidInput(fmt::format("request {} was already closed on {} ({})", id,
                                   format_day(finnish_date(request.closing->at)),
                                   request.closing->outcome));
  }
  const auto open_tasks = unconfirmed(tasks_of(store, request.id));
  if (outcome == "completed" && !open_tasks.empty()) {
    throw InvalidInput(fmt::format(
        "request {} is not completed while its processors have not confirmed task(s) {}; record "
        "their confirmations with processor-task confirm, or close it partially-completed with "
        "the reasons",
        id, fmt::join(open_tasks, ", ")));
  }
  request.closing = Closing{session.now(), session.actor(), outcome, why};
  rows->close(request.id, session.now(), session.actor(), outcome, why);
  CloseReport report{{request, today(session), open_tasks.size()},
                     work_done_for(store, request.id),
                     session.policy().supervisory_authority};
  audit(store, session, request, "request close",
        {{"outcome", outcome},
         {"due", format_day(request.due())},
         {"days_left", report.view.days_left()},
         {"linked_actions", report.linked_actions},
         {"open_processor_tasks", open_tasks.size()}},
        "closed");
  transaction->commit();
  return report;
}

std::optional<std::string> linked_request(store::Store& store,
                                          const std::optional<std::string>& request_id,
                                          const Command& command, const Subject& subject,
                                          const SubjectRecords& records) {
  if (!request_id) return std::nullopt;
  const auto id = checked_id(*request_id, "--request");
  const auto row = store.request_store()->find(id);
  if (!row) {
    throw InvalidInput(fmt::format(
        "--request {}: no such request; ids look like REQ-2026-0001 (request list shows them)",
        id));
  }
  const auto request = from_row(*row);
  if (!request.is_open()) {
    throw InvalidInput(fmt::format("--request {}: the request was closed on {} ({})", id,
                                   format_day(finnish_date(request.closing->at)),
                                   request.closing->outcome));
  }
  if (request.kind != command.request_kind) {
    throw InvalidInput(
        fmt::format("--request {}: a request of kind {} is answered by {}, not by {}", id,
                    request.kind, answered_by(request.kind), command.cli_name));
  }
  if (!same_subject(request, subject, records)) {
    throw InvalidInput(fmt::format(
        "--request {}: the request was opened for another subject (request show {} lists its "
        "identifiers; a number or e-mail address must be among the selectors)",
        id, id));
  }
  return id;
}

std::vector<Request> requests_about(store::Store& store, const Subject& subject,
                                    const SubjectRecords& records) {
  const auto given = subject.identifiers();
  const auto with_records = identifiers_with_records(subject, records);
  std::vector<Request> out;
  for (const auto& row : store.request_store()->all()) {
    auto request = from_row(row);
    if (!request.identifiers.empty() && names_subject(request, given, with_records)) {
      out.push_back(std::move(request));
    }
  }
  return out;
}

}  // namespace oulu10::requests

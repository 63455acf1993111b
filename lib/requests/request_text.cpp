// How a request reads: JSON for scripts (schemas/request*.schema.json) and text for the clerk.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "requests/requests.hpp"

namespace oulu10::requests {
namespace {

using nlohmann::json;

template <typename T>
json or_null(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string status(const Request& request) {
  return request.closing ? request.closing->outcome : "open";
}

// Until when the deadline may still be extended; nullopt once that is no longer possible.
std::optional<Date> extendable_until(const RequestView& view) {
  const auto& request = view.request;
  if (!request.is_open() || request.extension || days_between(request.first_due, view.today) > 0) {
    return std::nullopt;
  }
  return request.first_due;
}

json deadlines_json(const Request& request, Detail detail) {
  json out = json::array();
  out.push_back({{"due", format_day(request.first_due)},
                 {"event", "received"},
                 {"set_at", format_timestamp(request.opened_at)},
                 {"set_by", request.opened_by}});
  if (request.extension) {
    out.push_back({{"due", format_day(request.extension->due)},
                   {"event", "extended"},
                   {"set_at", format_timestamp(request.extension->at)},
                   {"set_by", request.extension->by}});
    if (detail == Detail::personal) out.back()["reason"] = request.extension->reason;
  }
  return out;
}

json closing_json(const std::optional<Closing>& closing, Detail detail) {
  if (!closing) return nullptr;
  json out = {
      {"at", format_timestamp(closing->at)}, {"by", closing->by}, {"outcome", closing->outcome}};
  if (detail == Detail::personal) out["reason"] = or_null(closing->reason);
  return out;
}

json approval_json(const std::optional<Approval>& approval) {
  if (!approval) return nullptr;
  const auto& account = approval->account;
  return {{"at", format_timestamp(approval->at)},
          {"by", approval->by},
          {"os_user", account.user},
          {"sudo_user", or_null(account.sudo_user)},
          {"sudo_uid", or_null(account.sudo_uid)},
          {"account", accountable_account(account)}};
}

std::string approval_text(const Request& request) {
  if (request.approval) {
    return fmt::format("  approved   {} by {} (account {})\n", format_timestamp(request.approval->at),
                       request.approval->by, account_text(request.approval->account));
  }
  if (request.kind != "erasure") return {};
  return fmt::format("  approved   not yet (request approve {}, by another account than the "
                     "one that erases)\n",
                     request.id);
}

json action_json(const store::AuditRow& row) {
  return {{"seq", row.seq},         {"at", format_timestamp(from_unix(row.at))},
          {"actor", row.actor},     {"command", row.command},
          {"outcome", row.outcome}, {"details", json::parse(row.details)}};
}

json task_json(const store::TaskRow& task) {
  const auto& confirmation = task.confirmation;
  return {{"id", task.id},
          {"processor", task.processor},
          {"action", task.action},
          {"created_at", format_timestamp(task.created_at)},
          {"state", confirmation ? "confirmed" : "open"},
          {"confirmed_at", confirmation ? json(format_timestamp(confirmation->at)) : json(nullptr)},
          {"confirmation_ref", confirmation ? json(confirmation->ref) : json(nullptr)}};
}

std::string task_text(const store::TaskRow& task) {
  const auto& confirmation = task.confirmation;
  return fmt::format("  {}  {:<18}  {:<8}  made {}  {}\n", task.id, task.processor, task.action,
                     format_timestamp(task.created_at),
                     confirmation ? fmt::format("confirmed {}, ref {}",
                                                format_timestamp(confirmation->at), confirmation->ref)
                                  : std::string("NOT CONFIRMED"));
}

std::string days_text(const RequestView& view) {
  if (!view.request.is_open()) return "-";
  return std::to_string(view.days_left());
}

std::string deadline_text(const RequestView& view) {
  const auto days = view.days_left();
  if (!view.request.is_open()) return fmt::format("due {}", format_day(view.request.due()));
  if (days < 0) {
    return fmt::format("due {}, OVERDUE by {} day(s)", format_day(view.request.due()), -days);
  }
  return fmt::format("due {}, {} day(s) left", format_day(view.request.due()), days);
}

std::string received_text(const Request& request) {
  std::string out = format_day(request.received);
  if (request.channel) out += " by " + *request.channel;
  if (request.ref) out += ", diary number " + *request.ref;
  return out;
}

std::string reason_suffix(const std::optional<std::string>& reason) {
  return reason ? ": " + *reason : "";
}

// A request just opened or changed, as `what` it was.
std::string changed_text(const RequestView& view, std::string_view what) {
  const auto& request = view.request;
  auto out = fmt::format("{} {}: {} request received {}, {}\n", what, request.id, request.kind,
                         format_day(request.received), deadline_text(view));
  if (const auto until = extendable_until(view)) {
    out += fmt::format("it may be extended by two months until {}, if the subject is told\n",
                       format_day(*until));
  }
  out += fmt::format("link the work with: oulu10-gdpr {} ... --request {}\n",
                     answered_by(request.kind), request.id);
  return out;
}

}  // namespace

json to_json(const RequestView& view, Detail detail) {
  const auto& request = view.request;
  json out = {{"id", request.id},
              {"kind", request.kind},
              {"answered_by", answered_by(request.kind)},
              {"received", format_day(request.received)},
              {"ref", or_null(request.ref)},
              {"channel", or_null(request.channel)},
              {"opened_at", format_timestamp(request.opened_at)},
              {"opened_by", request.opened_by},
              {"status", status(request)},
              {"due", format_day(request.due())},
              {"days_left", request.is_open() ? json(view.days_left()) : json(nullptr)},
              {"overdue", view.overdue()},
              {"extendable_until",
               extendable_until(view) ? json(format_day(*extendable_until(view))) : json(nullptr)},
              {"deadlines", deadlines_json(request, detail)},
              {"closed", closing_json(request.closing, detail)}};
  if (view.open_tasks) out["open_processor_tasks"] = *view.open_tasks;
  if (detail == Detail::personal) {
    out["identifiers"] = request.identifiers;
    out["identity_verified_by"] = or_null(request.identity_verified_by);
  }
  return out;
}

json to_json(const OpenedRequest& report) {
  return {{"request", to_json(report.view, Detail::personal)}};
}

json to_json(const ExtendedRequest& report) {
  return {{"request", to_json(report.view, Detail::summary)}};
}

json to_json(const ApprovedRequest& report) {
  auto request = to_json(report.view, Detail::summary);
  request["approval"] = approval_json(report.view.request.approval);
  return {{"request", request}, {"approval_required", report.rule.required}};
}

json to_json(const RequestList& list) {
  json requests = json::array();
  for (const auto& view : list.requests) requests.push_back(to_json(view, Detail::summary));
  return {{"today", format_day(list.today)}, {"requests", requests}};
}

json to_json(const RequestDetails& details) {
  json actions = json::array();
  for (const auto& row : details.actions) actions.push_back(action_json(row));
  json tasks = json::array();
  for (const auto& task : details.tasks) tasks.push_back(task_json(task));
  auto request = to_json(details.view, Detail::personal);
  request["approval"] = approval_json(details.view.request.approval);
  return {{"request", request},
          {"actions", actions},
          {"processor_tasks", tasks}};
}

json to_json(const CloseReport& report) {
  return {
      {"request", to_json(report.view, Detail::summary)},
      {"linked_actions", report.linked_actions},
      {"complaint_right", {{"fi", report.complaint_right.fi}, {"en", report.complaint_right.en}}}};
}

std::string render_text(const OpenedRequest& report, const ReportContext&) {
  return changed_text(report.view, "opened");
}

std::string render_text(const ExtendedRequest& report, const ReportContext&) {
  return changed_text(report.view, "extended");
}

std::string render_text(const ApprovedRequest& report, const ReportContext&) {
  const auto& view = report.view;
  const auto& request = view.request;
  const auto& approval = *request.approval;
  auto out = fmt::format("approved {}: {} request received {}, {}\n", request.id, request.kind,
                         format_day(request.received), deadline_text(view));
  if (!report.rule.required) {
    out += fmt::format("approved by {} as account {}\n", approval.by,
                       account_text(approval.account));
    out += "note: this site does not require approvals (OULU10_GDPR_ERASE_APPROVAL, the site "
           "configuration file), so erase does not check them\n";
    return out;
  }
  out += fmt::format("approved by {} as account {}, which may not also erase under it\n",
                     approval.by, account_text(approval.account));
  out += fmt::format("another account erases with: oulu10-gdpr erase ... --request {}\n",
                     request.id);
  return out;
}

std::string render_text(const RequestList& list, const ReportContext&) {
  const auto overdue = std::count_if(list.requests.begin(), list.requests.end(),
                                     [](const RequestView& view) { return view.overdue(); });
  auto out = fmt::format("today {} (Finland): {} request(s), {} overdue\n", format_day(list.today),
                         list.requests.size(), overdue);
  if (list.requests.empty()) return out;
  out += fmt::format("{:<14} {:<18} {:<10} {:<10} {:>9}  {:<19} {:>10}  {}\n", "ID", "KIND",
                     "RECEIVED", "DUE", "DAYS LEFT", "STATUS", "OPEN TASKS", "REF");
  for (const auto& view : list.requests) {
    const auto& request = view.request;
    out += fmt::format("{:<14} {:<18} {:<10} {:<10} {:>9}  {:<19} {:>10}  {}\n", request.id,
                       request.kind, format_day(request.received), format_day(request.due()),
                       days_text(view), view.overdue() ? "OVERDUE" : status(request),
                       view.open_tasks.value_or(0), request.ref.value_or("-"));
  }
  return out;
}

std::string render_text(const RequestDetails& details, const ReportContext&) {
  const auto& view = details.view;
  const auto& request = view.request;
  auto out = fmt::format("request {}: {} (answered by {})\n", request.id, request.kind,
                         answered_by(request.kind));
  out += fmt::format("  received   {}\n", received_text(request));
  out += fmt::format("  subject    {}\n",
                     request.identifiers.empty()
                         ? std::string("(not given)")
                         : fmt::format("{}", fmt::join(request.identifiers, ", ")));
  out += fmt::format("  identity   {}\n",
                     request.identity_verified_by.value_or("(verification not recorded)"));
  out += fmt::format("  opened     {} by {}\n", format_timestamp(request.opened_at),
                     request.opened_by);
  out += fmt::format("  status     {}, {}\n", status(request), deadline_text(view));
  out += approval_text(request);
  out += "deadlines:\n";
  out += fmt::format("  {}  one month from receipt (set {} by {})\n", format_day(request.first_due),
                     format_timestamp(request.opened_at), request.opened_by);
  if (request.extension) {
    out += fmt::format("  {}  extended by two months (set {} by {}): {}\n",
                       format_day(request.extension->due), format_timestamp(request.extension->at),
                       request.extension->by, request.extension->reason);
  }
  if (request.closing) {
    out += fmt::format("closed {} by {}: {}{}\n", format_timestamp(request.closing->at),
                       request.closing->by, request.closing->outcome,
                       reason_suffix(request.closing->reason));
  }
  out += fmt::format("actions ({}):\n", details.actions.size());
  for (const auto& row : details.actions) {
    out += fmt::format("  #{} {}  {}  {}  {}\n", row.seq, format_timestamp(from_unix(row.at)),
                       row.actor, row.command, row.outcome);
  }
  if (!details.tasks.empty()) {
    out += fmt::format("processor tasks ({}, {} not confirmed):\n", details.tasks.size(),
                       details.view.open_tasks.value_or(0));
    for (const auto& task : details.tasks) out += task_text(task);
  }
  return out;
}

std::string render_text(const CloseReport& report, const ReportContext&) {
  const auto& view = report.view;
  const auto& request = view.request;
  auto out = fmt::format("closed {} as {} ({})\n", request.id, request.closing->outcome,
                         view.days_left() < 0
                             ? fmt::format("{} day(s) after the deadline {}", -view.days_left(),
                                           format_day(request.due()))
                             : fmt::format("within the deadline {}", format_day(request.due())));
  if (view.open_tasks.value_or(0) > 0) {
    out += fmt::format(
        "note: {} processor task(s) of this request are not confirmed (request show {})\n",
        *view.open_tasks, request.id);
  }
  out += report.linked_actions == 0
             ? std::string(
                   "note: no rights subcommand did its work under this request (dry runs "
                   "and reads that found nothing are not counted)\n")
             : fmt::format("linked actions: {} (request show {})\n", report.linked_actions,
                           request.id);
  out += "tell the data subject of the right to complain to the supervisory authority:\n";
  out += "  " + report.complaint_right.fi + "\n";
  out += "  " + report.complaint_right.en + "\n";
  return out;
}

}  // namespace oulu10::requests

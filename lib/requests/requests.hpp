#pragma once
// `request`: the registry office's casework. A data-subject request is opened when it arrives,
// gets its legal deadline, may be extended once, and is closed with its outcome; the rights
// subcommands link their work to it with --request, so that the audit trail holds the record of
// what was done. Every change is one transaction with its audit entry.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "identity/subject_input.hpp"
#include "model/commands.hpp"
#include "policy/report_context.hpp"
#include "requests/calendar.hpp"
#include "session/session.hpp"
#include "store/audit_log.hpp"
#include "store/processor_tasks.hpp"

namespace oulu10::requests {

// An id as the audit trail may hold it (a request id, a diary number): 1 to 64 letters, digits
// and . _ : / -, never a name. InvalidInput naming `option` otherwise.
std::string checked_id(std::string_view text, std::string_view option);

// The subcommand that answers a kind of request (the kinds are named as the policy's rights, in
// the command table of model/commands.hpp); empty for an unknown kind.
std::string_view answered_by(std::string_view kind);

inline constexpr std::string_view kChannels[] = {"letter", "email", "in-person"};
inline constexpr std::string_view kOutcomes[] = {"completed", "refused", "partially-completed"};

struct Extension {
  Timestamp at;
  std::string by;
  Date due;
  std::string reason;
};

struct Closing {
  Timestamp at;
  std::string by;
  std::string outcome;
  std::optional<std::string> reason;
};

// An erasure request's approval (four eyes on erase): when, the clerk named with --actor, and the
// operating-system account that gave it.
struct Approval {
  Timestamp at;
  std::string by;
  OsIdentity account;
};

struct Request {
  std::string id;  // "REQ-2026-0001": the year it was opened, then a number
  std::string kind;
  Date received;
  std::optional<std::string> ref;  // the registry office's diary number
  std::optional<std::string> channel;
  std::optional<std::string> identity_verified_by;
  std::vector<std::string> identifiers;  // "hetu:…": personal data, shown only by `show`
  Timestamp opened_at;
  std::string opened_by;
  Date first_due;  // as the subject was told it
  std::optional<Extension> extension;
  std::optional<Closing> closing;
  std::optional<Approval> approval = std::nullopt;

  [[nodiscard]] Date due() const { return extension ? extension->due : first_due; }
  [[nodiscard]] bool is_open() const { return !closing; }
};

struct OpenInput {
  std::string kind;
  std::string received;  // "YYYY-MM-DD", as typed
  std::optional<std::string> ref;
  std::optional<std::string> channel;
  std::optional<std::string> identity_verified_by;
  std::optional<Subject> subject;
};

// What the clerk sees: a request and its place in time.
struct RequestView {
  Request request;
  Date today;  // in Finland
  // Its processor tasks not yet confirmed, where an output counts them (list, show, close).
  std::optional<std::size_t> open_tasks = std::nullopt;
  [[nodiscard]] int days_left() const { return days_between(today, request.due()); }
  [[nodiscard]] bool overdue() const { return request.is_open() && days_left() < 0; }
};

// Opens a request received on `input.received` (not in the future). InvalidInput names the
// option at fault; nothing is written then.
RequestView open_request(store::Store& store, const Session& session, const OpenInput& input);

// What `request open` reports: the new request, with the identifiers the clerk just gave.
struct OpenedRequest {
  RequestView view;
};

struct ListFilter {
  bool open_only = false;
  bool overdue_only = false;
  std::optional<int> due_within;  // open requests due in at most this many days, overdue ones too
  std::optional<std::string> kind;
};

struct RequestList {
  Date today;                         // in Finland
  std::vector<RequestView> requests;  // soonest deadline first
};

// Shows no identifiers, so it writes no audit entry.
RequestList list_requests(store::Store& store, const Session& session, const ListFilter& filter);

struct RequestDetails {
  RequestView view;
  std::vector<store::AuditRow> actions;  // the audit entries that name the request, oldest first
  std::vector<store::TaskRow> tasks;     // its processor tasks, oldest first
};

// The request with its identifiers and every action linked to it; audited, since it shows the
// identifiers. NoMatch for an unknown id.
RequestDetails show_request(store::Store& store, const Session& session, const std::string& id);

// Extends the deadline once, within the first month (art. 12(3)): InvalidInput when closed,
// already extended, or past the first deadline.
RequestView extend_request(store::Store& store, const Session& session, const std::string& id,
                           const std::string& reason);

// What `request extend` reports: the request with its new deadline, without personal data.
struct ExtendedRequest {
  RequestView view;
};

// The account that answers for what an operating-system identity did: the one that invoked
// sudo when the command ran through sudo, else the one that ran it. Two clerks who both run the
// tool through sudo, as root or as the register's own account, are two accounts.
std::string accountable_account(const OsIdentity& identity);

// "anna", or "root<-anna" through sudo: the account as `audit` shows it.
std::string account_text(const OsIdentity& identity);

// Approves an erasure request, once (four eyes on erase): records when, the --actor and the
// operating-system account, in one transaction with its audit entry ("request approve").
// InvalidInput when the request is closed, not of kind erasure, opened without the subject's
// identifiers (an approval must name whom it lets be erased), or already approved; NoMatch for
// an unknown id. Nothing is written then.
RequestView approve_request(store::Store& store, const Session& session, const std::string& id);

// What `request approve` reports: the request with its approval, without personal data, and
// whether this site requires approvals.
struct ApprovedRequest {
  RequestView view;
  EraseApproval rule;
};

// For erase when the site requires approvals (session.erase_approval()): the accountable
// account that approved `linked`, the erasure request erase was linked to (linked_request has
// checked that it is open, of kind erasure and about the subject). InvalidInput, with the setting
// that requires it, when there is no request, it was not approved, or the account that approved
// it is the one now erasing. Call it in the erase's write transaction.
std::string erase_approved_by(store::Store& store, const Session& session,
                              const std::optional<std::string>& linked);

struct CloseReport {
  RequestView view;
  std::size_t linked_actions = 0;  // work of rights subcommands linked to it (not dry runs)
  policy::Text complaint_right;    // the supervisory authority, as the policy words it
};

// Closes an open request with its outcome. A refusal or partial answer needs a reason (art.
// 12(4)): InvalidInput without one. A request is completed only when the processors have
// confirmed every task made under it: InvalidInput naming those still open.
CloseReport close_request(store::Store& store, const Session& session, const std::string& id,
                          const std::string& outcome, const std::optional<std::string>& reason);

// For a rights subcommand run with --request: the id when the request exists, is open, is of
// the kind `command` answers and, if it holds identifiers, is about `subject`, whose records
// are `records`, by the rule of requests_about;
// InvalidInput saying which is not so. Call it in the command's write transaction.
std::optional<std::string> linked_request(store::Store& store,
                                          const std::optional<std::string>& request_id,
                                          const Command& command, const Subject& subject,
                                          const SubjectRecords& records);

// The requests opened for the subject, whose records are `records`: personal data of the
// person, so an access reply lists them. A request holding a henkilötunnus or customer id is
// the subject's when one of those is (given or on the records); one holding only numbers or
// addresses when the clerk gave one of them, since a number may be another person's too.
std::vector<Request> requests_about(store::Store& store, const Subject& subject,
                                    const SubjectRecords& records);

// How much of a request an output shows. A summary leaves out what may be personal data (the
// identifiers, the verification method, the reasons), so that outputs which are not audited
// (list) or that answer a change (extend, close) never carry it; `show` and the access reply do.
enum class Detail { summary, personal };

nlohmann::json to_json(const RequestView& view, Detail detail);
nlohmann::json to_json(const OpenedRequest& report);    // schemas/request
nlohmann::json to_json(const ExtendedRequest& report);  // schemas/request
nlohmann::json to_json(const ApprovedRequest& report);  // schemas/request
nlohmann::json to_json(const RequestList& list);        // schemas/request-list
nlohmann::json to_json(const RequestDetails& details);  // schemas/request-show
nlohmann::json to_json(const CloseReport& report);      // schemas/request-close
std::string render_text(const OpenedRequest& report, const ReportContext& context);
std::string render_text(const ExtendedRequest& report, const ReportContext& context);
std::string render_text(const ApprovedRequest& report, const ReportContext& context);
std::string render_text(const RequestList& list, const ReportContext& context);
std::string render_text(const RequestDetails& details, const ReportContext& context);
std::string render_text(const CloseReport& report, const ReportContext& context);

}  // namespace oulu10::requests

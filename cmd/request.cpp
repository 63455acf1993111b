// oulu10-gdpr request: the registry office's casework on data-subject requests, from arrival
// to answer, with the legal deadline of GDPR art. 12(3).
#include "app.hpp"
#include "journal/journal.hpp"
#include "oulu10gdpr/error.hpp"
#include "requests/requests.hpp"
#include "subject_options.hpp"

namespace oulu10::cli {
namespace {

struct OpenOptions {
  std::string kind;
  std::string received;
  std::optional<std::string> ref;
  std::optional<std::string> channel;
  std::optional<std::string> identity_verified_by;
  identity::SubjectInput subject;
};

struct ListOptions {
  bool open = false;
  bool overdue = false;
  std::optional<int> due_within;
  std::optional<std::string> kind;
};

struct ChangeOptions {
  std::string id;
  std::optional<std::string> reason;
  std::string outcome;
};

void run_open(const Globals& globals, const OpenOptions& options) {
  const Session session(globals.session);
  requests::OpenInput input{
      options.kind, options.received, options.ref, options.channel, options.identity_verified_by,
      std::nullopt};
  if (!options.subject.empty()) input.subject = identity::resolve_subject(options.subject);
  const auto store = journal::open_register(session.register_settings());
  emit(globals, requests::OpenedRequest{requests::open_request(*store, session, input)},
       {session.policy()});
}

void run_list(const Globals& globals, const ListOptions& options) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  const auto list = requests::list_requests(
      *store, session, {options.open, options.overdue, options.due_within, options.kind});
  emit(globals, list, {session.policy()});
}

void run_show(const Globals& globals, const ChangeOptions& options) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  const auto details = requests::show_request(*store, session, options.id);
  emit(globals, details, {session.policy()});
}

void run_extend(const Globals& globals, const ChangeOptions& options) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  const auto view = requests::extend_request(*store, session, options.id, options.reason.value());
  emit(globals, requests::ExtendedRequest{view}, {session.policy()});
}

void run_close(const Globals& globals, const ChangeOptions& options) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  const auto report =
      requests::close_request(*store, session, options.id, options.outcome, options.reason);
  emit(globals, report, {session.policy()});
}

void run_approve(const Globals& globals, const ChangeOptions& options) {
  const Session session(globals.session);
  const auto store = journal::open_register(session.register_settings());
  const auto view = requests::approve_request(*store, session, options.id);
  emit(globals, requests::ApprovedRequest{view, session.erase_approval()}, {session.policy()});
}

void setup_open(CLI::App& request, const Globals& globals) {
  auto options = std::make_shared<OpenOptions>();
  auto* command = request.add_subcommand(
      "open", "Record a request that arrived, and print its id and due date");
  command
      ->add_option("--kind", options->kind,
                   "access, portability, rectification, erasure, restriction, objection or "
                   "consent-withdrawal")
      ->required();
  command->add_option("--received", options->received, "Date it reached the city (YYYY-MM-DD)")
      ->required();
  command->add_option("--ref", options->ref, "The registry office's diary number");
  command->add_option("--channel", options->channel, "How it came: letter, email or in-person");
  command->add_option("--identity-verified-by", options->identity_verified_by,
                      "How the requester's identity was verified");
  add_subject_options(*command, options->subject);
  command->footer(
      "Example:\n  oulu10-gdpr request open --kind erasure --received 2026-11-02 "
      "--ref OUKA/1234/2026 --channel letter --hetu 010185-912T");
  command->callback([&globals, options] { run_open(globals, *options); });
}

void setup_list(CLI::App& request, const Globals& globals) {
  auto options = std::make_shared<ListOptions>();
  auto* command =
      request.add_subcommand("list", "Requests, soonest deadline first, with the days left");
  command->add_flag("--open", options->open, "Only requests not yet closed");
  command->add_flag("--overdue", options->overdue, "Only open requests past their deadline");
  command->add_option("--due-within", options->due_within,
                      "Only open requests due within DAYS days (overdue ones included)");
  command->add_option("--kind", options->kind, "Only requests of this kind");
  command->footer("Example:\n  oulu10-gdpr request list --due-within 7");
  command->callback([&globals, options] { run_list(globals, *options); });
}

void setup_show(CLI::App& request, const Globals& globals) {
  auto options = std::make_shared<ChangeOptions>();
  auto* command = request.add_subcommand(
      "show", "A request, its deadline history and every action linked to it");
  command->add_option("ID", options->id, "Request id, e.g. REQ-2026-0001")->required();
  command->footer("Example:\n  oulu10-gdpr request show REQ-2026-0001");
  command->callback([&globals, options] { run_show(globals, *options); });
}

void setup_extend(CLI::App& request, const Globals& globals) {
  auto options = std::make_shared<ChangeOptions>();
  auto* command = request.add_subcommand(
      "extend", "Extend the deadline by two months, once, within the first month");
  command->add_option("ID", options->id, "Request id")->required();
  command
      ->add_option("--reason", options->reason,
                   "Why (complex or numerous requests); the subject must be told")
      ->required();
  command->footer(
      "Example:\n  oulu10-gdpr request extend REQ-2026-0001 --reason \"numerous requests\"");
  command->callback([&globals, options] { run_extend(globals, *options); });
}

void setup_close(CLI::App& request, const Globals& globals) {
  auto options = std::make_shared<ChangeOptions>();
  auto* command = request.add_subcommand("close", "Close a request with its outcome");
  command->add_option("ID", options->id, "Request id")->required();
  command->add_option("--outcome", options->outcome, "completed, refused or partially-completed")
      ->required();
  command->add_option("--reason", options->reason,
                      "The reasons told to the subject (required unless completed)");
  command->footer(
      "Examples:\n  oulu10-gdpr request close REQ-2026-0001 --outcome completed\n"
      "  oulu10-gdpr request close REQ-2026-0002 --outcome refused --reason \"statutory task\"");
  command->callback([&globals, options] { run_close(globals, *options); });
}

void setup_approve(CLI::App& request, const Globals& globals) {
  auto options = std::make_shared<ChangeOptions>();
  auto* command = request.add_subcommand(
      "approve",
      "Approve an erasure request, so that another account may erase under it (four eyes)");
  command->add_option("ID", options->id, "Request id of an open erasure request")->required();
  command->footer(
      "Example:\n  oulu10-gdpr request approve REQ-2026-0002\n"
      "With OULU10_GDPR_ERASE_APPROVAL=required (or erase_approval = required in the site "
      "configuration file), erase needs --request of an approved erasure request, and the "
      "account that approved it may not run the erase.");
  command->callback([&globals, options] { run_approve(globals, *options); });
}

}  // namespace

void setup_request(CLI::App& app, const Globals& globals) {
  auto* request = app.add_subcommand(
      "request", "Track data-subject requests and their legal deadlines (art. 12(3))");
  request->require_subcommand(1);
  request->footer(
      "Examples:\n  oulu10-gdpr request open --kind access --received 2026-11-02 --hetu "
      "010185-912T\n  oulu10-gdpr request list --open");
  setup_open(*request, globals);
  setup_list(*request, globals);
  setup_show(*request, globals);
  setup_extend(*request, globals);
  setup_close(*request, globals);
  setup_approve(*request, globals);
}

}  // namespace oulu10::cli

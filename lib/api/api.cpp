// The public interface over the domain functions: each call opens its session and register,
// as a subcommand does, so that a program needs nothing but these declarations.
#include <nlohmann/json.hpp>

#include "audit/anchor.hpp"
#include "audit/review.hpp"
#include "journal/journal.hpp"
#include "oulu10gdpr/oulu10gdpr.hpp"
#include "requests/requests.hpp"
#include "rights/inspect.hpp"
#include "rights/survey_eligible.hpp"
#include "session/session.hpp"

namespace oulu10::api {
namespace {

SessionOptions session_options(const Access& access) {
  return SessionOptions{access.register_path, access.actor, access.policy_file, std::nullopt,
                        std::nullopt};
}

// The interface promises oulu10::Error only: anything else that escapes the domain code is a
// bug, reported as the command line reports it. A call whose audit entry was committed but not
// anchored in the anchor file fails as the command line does: IoFailure, after the work.
template <typename Call>
auto guarded(Call call) -> decltype(call()) {
  audit::take_anchor_failure();  // an earlier call's, already reported
  try {
    auto result = call();
    if (const auto unanchored = audit::take_anchor_failure())
      throw IoFailure("done, but " + *unanchored);
    return result;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& error) {
    throw Error(ExitCode::internal_failure, error.what());
  }
}

identity::SubjectInput subject_input(const Subject& subject) {
  identity::SubjectInput input;
  input.hetu = subject.hetu;
  input.phone = subject.phone;
  input.email = subject.email;
  input.customer = subject.customer;
  return input;
}

}  // namespace

std::string version() { return OULU10_VERSION; }

std::string notice_date() { return policy::embedded_policy().notice_date; }

std::vector<SurveyNumber> survey_eligible(const Access& access, const std::string& since) {
  return guarded([&] {
    const Session session(session_options(access));
    const auto store = journal::open_register(session.register_settings());
    const auto list = rights::survey_eligible(*store, session, parse_time_option(since, "since"));
    std::vector<SurveyNumber> out;
    out.reserve(list.calls.size());
    for (const auto& call : list.calls) {
      out.push_back({call.phone, call.source_id, format_timestamp(call.started_at)});
    }
    return out;
  });
}

std::string inspect_json(const Access& access, const Subject& subject) {
  return guarded([&] {
    const Session session(session_options(access));
    const auto selected = identity::resolve_subject(subject_input(subject));
    const auto store = journal::open_register(session.register_settings());
    return rights::to_json(
               rights::inspect(*store, session, selected, std::nullopt, rights::Redaction::review))
        .dump();
  });
}

std::string open_requests_json(const Access& access) {
  return guarded([&] {
    const Session session(session_options(access));
    const auto store = journal::open_register(session.register_settings());
    requests::ListFilter filter;
    filter.open_only = true;
    return requests::to_json(requests::list_requests(*store, session, filter)).dump();
  });
}

bool audit_trail_verifies(const Access& access) {
  return guarded([&] {
    const Session session(session_options(access));
    const auto store = store::open(session.register_settings());
    return audit::verify(*store).ok();
  });
}

}  // namespace oulu10::api

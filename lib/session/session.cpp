#include "session/session.hpp"

#include <pwd.h>
#include <unistd.h>

#include <charconv>

#include <fmt/format.h>
#include <cstdlib>

#include "oulu10gdpr/error.hpp"
#include "session/site_config.hpp"

namespace oulu10 {
namespace {

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::filesystem::path register_path(const std::optional<std::string>& flag) {
  if (flag) {
    if (flag->empty()) throw InvalidInput("--db: the path is empty");
    return *flag;
  }
  return environment("OULU10_GDPR_DB").value_or(kDefaultRegisterPath);
}

std::string login_name() {
  if (const passwd* entry = ::getpwuid(::geteuid()); entry != nullptr && entry->pw_name) {
    return entry->pw_name;
  }
  return environment("USER").value_or("uid:" + std::to_string(::geteuid()));
}

std::string actor_name(const std::optional<std::string>& flag) {
  if (!flag) return login_name();
  if (flag->empty() || flag->size() > 128)
    throw InvalidInput("--actor: must be 1 to 128 characters");
  for (const char c : *flag) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw InvalidInput("--actor: must not contain control characters");
    }
  }
  return *flag;
}

std::chrono::milliseconds busy_timeout() {
  const auto text = environment("OULU10_GDPR_BUSY_TIMEOUT_MS");
  if (!text) return std::chrono::milliseconds{10000};
  long long value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size() || value < 0 ||
      value > 3'600'000) {
    throw InvalidInput("OULU10_GDPR_BUSY_TIMEOUT_MS: must be milliseconds from 0 to 3600000");
  }
  return std::chrono::milliseconds{value};
}

// Recording files are deleted only inside this directory.
std::filesystem::path recordings_directory(const std::filesystem::path& register_path) {
  if (const auto text = environment("OULU10_GDPR_RECORDINGS")) {
    if (!std::filesystem::path(*text).is_absolute()) {
      throw InvalidInput("OULU10_GDPR_RECORDINGS: must be an absolute path");
    }
    return *text;
  }
  return std::filesystem::absolute(register_path).parent_path() / "recordings";
}

// Empty: store::journal_path puts it beside the register.
std::filesystem::path journal_file(const std::optional<std::string>& flag) {
  if (flag) {
    if (flag->empty()) throw InvalidInput("--journal: the path is empty");
    return *flag;
  }
  return environment("OULU10_GDPR_JOURNAL").value_or("");
}

// OULU10_GDPR_ERASE_APPROVAL asks for approvals with "required"; unset, empty or "off" asks for
// nothing, and cannot lift what the site file requires.
EraseApproval erase_approval_setting(const std::optional<std::filesystem::path>& site_file) {
  constexpr const char* kVariable = "OULU10_GDPR_ERASE_APPROVAL";
  const auto config = read_site_config(site_file.value_or(site_config_path()));
  if (const auto value = environment(kVariable); value && *value != "off") {
    if (*value != "required") {
      throw InvalidInput(fmt::format("{}: must be required, off or empty", kVariable));
    }
    return {true, fmt::format("{}=required", kVariable)};
  }
  if (config.erase_approval_required.value_or(false)) {
    return {true, fmt::format("erase_approval = required in {}", config.erase_approval_source)};
  }
  return {};
}

std::optional<std::filesystem::path> anchor_path(const std::optional<std::string>& flag) {
  if (flag) {
    if (flag->empty()) throw InvalidInput("--anchor: the path is empty");
    return *flag;
  }
  return environment("OULU10_GDPR_ANCHOR");
}

}  // namespace

Session::Session(const SessionOptions& options)
    : policy_(&policy::embedded_policy()),
      settings_{register_path(options.db), busy_timeout()},
      actor_(actor_name(options.actor)),
      identity_(os_identity()),
      now_(oulu10::now()),
      erase_approval_(erase_approval_setting(options.site_config)),
      anchor_file_(anchor_path(options.anchor)) {
  settings_.recordings = recordings_directory(settings_.path);
  settings_.journal = journal_file(options.journal);
  if (options.policy_file) {
    loaded_policy_ = policy::load_policy_file(*options.policy_file);
    policy_ = &*loaded_policy_;
  }
}

}  // namespace oulu10

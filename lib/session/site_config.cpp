#include "session/site_config.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"

#ifndef OULU10_SITE_CONFIG
#define OULU10_SITE_CONFIG "/etc/oulu10-gdpr/site.conf"
#endif

namespace oulu10 {
namespace {

constexpr std::size_t kMaxBytes = 64 * 1024;

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// The file's text; empty optional when there is no file.
std::optional<std::string> file_text(const std::filesystem::path& path) {
  struct stat status{};
  if (::stat(path.c_str(), &status) != 0) {
    if (errno == ENOENT) return std::nullopt;
    throw InvalidInput(fmt::format("{}: {}", path.string(), std::strerror(errno)));
  }
  if (!S_ISREG(status.st_mode)) {
    throw InvalidInput(fmt::format("{}: not a regular file", path.string()));
  }
  if ((status.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw InvalidInput(fmt::format(
        "{}: group or others may write it, so its settings bind no one; make it mode 0644, "
        "owned by root",
        path.string()));
  }
  if (static_cast<std::size_t>(status.st_size) > kMaxBytes) {
    throw InvalidInput(fmt::format("{}: larger than {} bytes", path.string(), kMaxBytes));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw InvalidInput(fmt::format("{}: cannot be read", path.string()));
  return std::move(text).str();
}

}  // namespace

std::filesystem::path site_config_path() { return OULU10_SITE_CONFIG; }

SiteConfig read_site_config(const std::filesystem::path& path) {
  SiteConfig config;
  const auto text = file_text(path);
  if (!text) return config;
  std::istringstream lines(*text);
  std::string raw;
  for (int number = 1; std::getline(lines, raw); ++number) {
    const auto where = fmt::format("{}:{}", path.string(), number);
    const auto line = trimmed(raw);
    if (line.empty() || line.front() == '#') continue;
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) {
      throw InvalidInput(fmt::format("{}: expected key = value", where));
    }
    const auto key = trimmed(line.substr(0, equals));
    const auto value = trimmed(line.substr(equals + 1));
    if (key != "erase_approval") {
      throw InvalidInput(fmt::format("{}: unknown setting (known: erase_approval)", where));
    }
    if (config.erase_approval_required) {
      throw InvalidInput(fmt::format("{}: erase_approval is set twice", where));
    }
    if (value != "required" && value != "off") {
      throw InvalidInput(fmt::format("{}: erase_approval must be required or off", where));
    }
    config.erase_approval_required = value == "required";
    config.erase_approval_source = where;
  }
  return config;
}

}  // namespace oulu10

#include "audit/anchor.hpp"

#include <syslog.h>

#include <algorithm>
#include <charconv>
#include <exception>

#include <fmt/format.h>

#include "core/line_file.hpp"

namespace oulu10::audit {
namespace {

constexpr std::string_view kMarker = "oulu10-gdpr anchor ";
constexpr std::string_view kVersion = "v1";
constexpr std::size_t kRegisterIdDigits = 24;
constexpr std::size_t kHashDigits = 64;

// Per thread: the anchors a thread sends are those of the commits it made.
thread_local std::optional<std::string> unanchored;

bool is_lower_hex(std::string_view text, std::size_t digits) {
  return text.size() == digits && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// "name=value" as the next word of `rest`, which loses it and the one space after it.
std::optional<std::string_view> field(std::string_view& rest, std::string_view name) {
  if (rest.substr(0, name.size()) != name || rest.substr(name.size(), 1) != "=") {
    return std::nullopt;
  }
  rest.remove_prefix(name.size() + 1);
  const auto end = std::min(rest.find(' '), rest.size());
  const auto value = rest.substr(0, end);
  rest.remove_prefix(end == rest.size() ? end : end + 1);
  return value;
}

std::optional<std::int64_t> sequence_number(std::string_view text) {
  // Digits only, without a leading zero: one spelling for each number.
  if (text.empty() || text.front() == '0' || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Anchor> anchor_of(std::string_view rest) {
  if (rest.substr(0, kVersion.size() + 1) != fmt::format("{} ", kVersion)) return std::nullopt;
  rest.remove_prefix(kVersion.size() + 1);
  const auto id = field(rest, "register");
  const auto seq_text = field(rest, "seq");
  const auto hash = field(rest, "hash");
  if (!id || !seq_text || !hash || !rest.empty()) return std::nullopt;
  const auto seq = sequence_number(*seq_text);
  if (!is_lower_hex(*id, kRegisterIdDigits) || !seq || !is_lower_hex(*hash, kHashDigits)) {
    return std::nullopt;
  }
  return Anchor{std::string(*id), *seq, std::string(*hash)};
}

void to_system_log(const std::string& text) noexcept {
  // The tag and facility are the anchor's own, whatever the program logs otherwise.
  ::openlog(kAnchorTag, LOG_PID, LOG_AUTHPRIV);
  ::syslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", text.c_str());
  ::closelog();
}

void to_file(const std::string& text, const std::filesystem::path& file) {
  LineFile(file, "the anchor file").append([&](const std::optional<std::string>&) {
    return std::vector<std::string>{text};
  });
}

}  // namespace

std::string anchor_text(const Anchor& anchor) {
  return fmt::format("{}{} register={} seq={} hash={}", kMarker, kVersion, anchor.register_id,
                     anchor.seq, anchor.hash);
}

AnchorLine read_anchor_line(std::string_view line) {
  const auto start = line.find(kMarker);
  if (start == std::string_view::npos) return {};
  auto rest = line.substr(start + kMarker.size());
  while (!rest.empty() && is_space(rest.back())) rest.remove_suffix(1);
  auto anchor = anchor_of(rest);
  if (!anchor) return {.kind = AnchorLine::Kind::damaged, .anchor = std::nullopt};
  return {.kind = AnchorLine::Kind::anchor, .anchor = std::move(anchor)};
}

void send_anchor(const Anchor& anchor, const std::optional<std::filesystem::path>& file) noexcept {
  try {
    const auto text = anchor_text(anchor);
    to_system_log(text);
    if (!file) return;
    try {
      to_file(text, *file);
      unanchored.reset();
    } catch (const std::exception& error) {
      unanchored = fmt::format(
          "entry {} of the audit trail was not anchored: {}; the next command's anchor, of a "
          "later entry, covers it",
          anchor.seq, error.what());
    }
  } catch (...) {  // formatting a short line ran out of memory: nothing left to report it with
  }
}

std::optional<std::string> take_anchor_failure() { return std::exchange(unanchored, std::nullopt); }

AnchorsRead read_anchors(std::istream& in, std::string_view register_id) {
  AnchorsRead read;
  std::string line;
  while (std::getline(in, line)) {
    ++read.lines;
    const auto found = read_anchor_line(line);
    if (found.kind == AnchorLine::Kind::damaged) ++read.damaged;
    if (found.kind != AnchorLine::Kind::anchor) continue;
    if (found.anchor->register_id != register_id) {
      ++read.other_register;
      continue;
    }
    ++read.anchors;
    read.heads.emplace_back(found.anchor->seq, found.anchor->hash);
  }
  std::sort(read.heads.begin(), read.heads.end());
  read.heads.erase(std::unique(read.heads.begin(), read.heads.end()), read.heads.end());
  return read;
}

}  // namespace oulu10::audit

#pragma once
// The audit trail's anchors. After every commit that appends audit entries, the new head of the
// chain (which register, the newest entry's sequence number and hash; nothing personal) is sent
// where someone who can write the register file cannot reach: the system log (syslog(3),
// facility authpriv, tag kAnchorTag), which a site's log forwarding carries off the machine,
// and the anchor file the session names (--anchor, OULU10_GDPR_ANCHOR). Each entry holds the
// hash of the one before, so an anchored head vouches for every entry up to it. `audit verify
// --anchors` compares the register with what was anchored: entries cut off the end, or a chain
// rewritten with correct hashes, no longer match it.
//
// The one place that anchors is Trail::append, through Store::after_commit: whatever appends an
// entry anchors the newest head of its unit of work once that is committed and durable.
#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oulu10::audit {

// The system log's tag (the program name syslog shows) of every anchor.
inline constexpr char kAnchorTag[] = "oulu10-gdpr-anchor";

struct Anchor {
  std::string register_id;  // store::register_id: 24 hex digits
  std::int64_t seq = 0;     // the newest entry's sequence number, from 1
  std::string hash;         // its hash: 64 hex digits
  friend bool operator==(const Anchor&, const Anchor&) = default;
};

// "oulu10-gdpr anchor v1 register=<24 hex> seq=<n> hash=<64 hex>": one line, no line feed.
std::string anchor_text(const Anchor& anchor);

// What a line read back holds.
struct AnchorLine {
  enum class Kind {
    other,    // not an anchor: another program's log line, or nothing
    anchor,   // an anchor, in `anchor`
    damaged,  // "oulu10-gdpr anchor " followed by something else than format v1
  };
  Kind kind = Kind::other;
  std::optional<Anchor> anchor;
};

// Reads a line as anchor_text wrote it, or with whatever a log put before it (a syslog file's
// date, host and tag; journalctl's): the anchor starts where "oulu10-gdpr anchor " does, and
// white space after it (a carriage return) is ignored.
AnchorLine read_anchor_line(std::string_view line);

// Sends an anchor now: to the system log, which never fails a command (syslog(3) reports
// nothing, and a machine without a log daemon drops it); and, when `file` names one, appended
// to it (O_APPEND, under an exclusive lock, synced; created mode 0600, its directory synced).
// Never throws: a file that cannot take the anchor is recorded for take_anchor_failure, and an
// anchor of a later head that reaches the file clears that, since it covers the one missed.
void send_anchor(const Anchor& anchor, const std::optional<std::filesystem::path>& file) noexcept;

// Why the newest anchor this thread sent did not reach its file, if it did not ("entry 12 of
// the audit trail was not anchored: ..."); cleared by the call. For the program to report after
// its output: the change is committed, exit io_failure.
std::optional<std::string> take_anchor_failure();

// This register's anchors as a file or a log holds them, for verification.
struct AnchorsRead {
  std::size_t lines = 0;           // lines read
  std::size_t anchors = 0;         // anchor lines of this register, repeats included
  std::size_t other_register = 0;  // anchor lines of another register: ignored
  std::size_t damaged = 0;         // lines that begin an anchor but do not follow its format
  std::vector<std::pair<std::int64_t, std::string>> heads;  // (seq, hash), sorted, no repeats
};

// Reads every line of `in` (a last line without its line feed included).
AnchorsRead read_anchors(std::istream& in, std::string_view register_id);

}  // namespace oulu10::audit

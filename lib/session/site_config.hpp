#pragma once
// The site's configuration file: settings a site makes for everyone who runs the tool, in a
// file those it restrains cannot change (owned by root, not writable by group or others). Its
// path is fixed when the tool is built (OULU10_SITE_CONFIG, by default
// /etc/oulu10-gdpr/site.conf), never taken from the command line or the environment, which are
// the caller's to choose. Lines are `key = value`; `#` starts a comment line.
//
//   # /etc/oulu10-gdpr/site.conf
//   erase_approval = required
//
// Known keys: erase_approval (required or off). Anything else, a key given twice, a file that
// group or others may write, or one that cannot be read is InvalidInput naming the file and
// line: a typo must not quietly switch a control off. A missing file sets nothing.
#include <filesystem>
#include <optional>
#include <string>

namespace oulu10 {

// The path this build reads.
std::filesystem::path site_config_path();

struct SiteConfig {
  // erase_approval: whether erase needs an approved request (four eyes); unset when the file
  // does not say.
  std::optional<bool> erase_approval_required;
  std::string erase_approval_source;  // "FILE:LINE", where it was set
};

SiteConfig read_site_config(const std::filesystem::path& path);

}  // namespace oulu10

#include "store/pending_work.hpp"

#include <string>

#include <fmt/format.h>

#include "oulu10gdpr/error.hpp"

namespace oulu10::store {

void throw_if_unfinished(const PendingWork& work, const UnfinishedWording& wording) {
  if (work.files_left > 0) {
    throw IoFailure(
        fmt::format("{} recording file(s) could not be deleted; the next writing command retries",
                    work.files_left));
  }
  if (work.disk_full) throw IoFailure(std::string(wording.disk_full));
  if (work.scrub_pending || work.unfinished) throw RegisterBusy(std::string(wording.busy));
}

}  // namespace oulu10::store

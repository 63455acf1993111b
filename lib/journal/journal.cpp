#include "journal/journal.hpp"

#include <fmt/format.h>

#include "journal/file.hpp"
#include "oulu10gdpr/error.hpp"
#include "store/journal_copy.hpp"

namespace oulu10::journal {
namespace {

// The journal's line, checked to be this register's and whole; `which` names it ("line 3").
Line opened_line(store::Store& store, std::string_view text, std::string_view which) {
  auto opened = open(store, text);
  if (opened.another_register) {
    throw JournalUnusable(fmt::format(
        "the rights journal {} belongs to another register (it was written under another "
        "secret key): a register made anew by 'init' cannot use it; move it away, or name this "
        "register's own journal with --journal",
        store.journal().string()));
  }
  if (!opened.line) {
    throw JournalUnusable(
        fmt::format("{} of the rights journal {} is damaged", which, store.journal().string()));
  }
  return std::move(*opened.line);
}

// A journal whose last line is beyond the register's: the register was restored.
void refuse_if_restored(store::Store& store, const Line& last, std::int64_t ours) {
  if (ours >= last.seq) return;
  throw RegisterRestored(fmt::format(
      "the register {} is older than its rights journal {} (the journal has {} change(s), the "
      "register {}): it was restored from a copy; run 'oulu10-gdpr restore --replay' first",
      store.path().string(), store.journal().string(), last.seq, ours));
}

// Both must be one history: the register's copy of the file's last line is that line.
void refuse_if_diverged(store::Store& store, std::string_view text, std::int64_t seq,
                        store::JournalCopy& copy) {
  if (copy.line(seq) == text) return;
  throw JournalUnusable(fmt::format(
      "the rights journal {} and the register disagree at line {}: the journal is not this "
      "register's own; name the right one with --journal",
      store.journal().string(), seq));
}

// The number of the file's last line. A line equal, byte for byte, to the register's copy of
// it is the register's own, sealed when it was recorded: found by its number, without opening
// it again, since an erasure's line names every record erased and may be megabytes long. Any
// other line is opened to say what is wrong: damaged, another register's, beyond the register
// (restored), or not the register's line of that number.
std::int64_t own_last_line(store::Store& store, std::string_view text, store::JournalCopy& copy) {
  if (const auto seq = seq_of(text); seq && copy.line(*seq) == text) return *seq;
  const auto last = opened_line(store, text, "the last line");
  refuse_if_restored(store, last, copy.last_seq());
  refuse_if_diverged(store, text, last.seq, copy);
  return last.seq;
}

// Whether the register has lines the file lacks.
bool check_against_journal(store::Store& store) {
  // The file first: a line is written only after its commit, so a line read now is in any
  // register state read after it, and a concurrent change cannot look like a restore.
  const auto text = JournalFile(store.journal()).last_line();
  const auto copy = store.journal_copy();
  const auto last = text ? own_last_line(store, *text, *copy) : 0;  // refuses a restored register
  return copy->last_seq() > last;
}

}  // namespace

void record(store::Store& store, const Change& change) {
  const auto copy = store.journal_copy();
  const Line line{.seq = copy->last_seq() + 1, .change = change};
  copy->insert({line.seq, seal(store, line)});
}

Delivery deliver(store::Store& store) noexcept {
  Delivery delivery{.needed = true, .written = false, .failure = {}};
  try {
    JournalFile(store.journal()).append([&](const std::optional<std::string>& last) {
      std::vector<std::string> lines;
      const auto copy = store.journal_copy();
      const auto seq = last ? own_last_line(store, *last, *copy) : 0;
      for (auto& line : copy->after(seq)) lines.push_back(std::move(line.text));
      return lines;
    });
    delivery.written = true;
  } catch (const std::exception& error) {
    delivery.failure = error.what();
  }
  return delivery;
}

void throw_if_undelivered(const Delivery& delivery) {
  if (!delivery.needed || delivery.written) return;
  throw IoFailure(fmt::format(
      "done in the register, but not yet in its rights journal ({}); the next command writes "
      "it there",
      delivery.failure));
}

std::unique_ptr<store::Store> open_register(const store::Settings& settings) {
  auto store = store::open(settings);
  // Lines a killed command committed but did not write; if the file cannot take them now,
  // the next change reports that.
  if (check_against_journal(*store)) deliver(*store);
  return store;
}

store::InitReport initialise_register(const store::Settings& settings) {
  const auto path = store::journal_path(settings);
  if (std::filesystem::exists(settings.path) || !JournalFile(path).last_line()) {
    return store::initialise(settings);
  }
  throw JournalUnusable(fmt::format(
      "the rights journal {} already holds another register's changes: a new register has a "
      "new secret key and cannot use it; move the journal away (keep it with that register's "
      "copies), or name another with --journal",
      path.string()));
}

std::vector<WrittenLine> lines_to_replay(store::Store& store) {
  const auto copy = store.journal_copy();
  const auto from = copy->last_seq();
  std::vector<WrittenLine> lines;
  JournalFile(store.journal()).each_line([&](std::string_view text, std::int64_t number) {
    if (number < from) return;
    auto line = opened_line(store, text, fmt::format("line {}", number));
    if (number == from) return refuse_if_diverged(store, text, number, *copy);
    if (line.seq != number) {
      throw JournalUnusable(fmt::format("line {} of the rights journal {} is out of order", number,
                                        store.journal().string()));
    }
    lines.push_back({std::move(line), std::string(text)});
  });
  // A journal that ends before the register's copy must still be this register's own: a copy of
  // another register is refused even when the file has nothing the copy lacks.
  if (lines.empty()) {
    if (const auto last = JournalFile(store.journal()).last_line()) {
      const auto line = opened_line(store, *last, "the last line");
      refuse_if_diverged(store, *last, line.seq, *copy);
    }
  }
  return lines;
}

}  // namespace oulu10::journal

#include <iostream>

#include "app.hpp"
#include "core/free_text.hpp"
#include "core/json_text.hpp"

namespace oulu10::cli {

void print(const Globals& globals, const nlohmann::json& document, const std::string& text) {
  if (globals.json) {
    // Text from the command line that is not UTF-8 (a file name) must not make the reply
    // fail once the work is done.
    std::cout << printable_json(document, 2) << '\n';
  } else {
    std::cout << printable(text);
  }
}

void print_note(const std::string& note) {
  if (!note.empty()) std::cerr << "oulu10-gdpr: note: " << note << '\n';
}

}  // namespace oulu10::cli

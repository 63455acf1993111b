#include <iostream>

#include "app.hpp"
#include "core/free_text.hpp"

namespace oulu10::cli {

void emit(const Globals& globals, const nlohmann::json& document, const std::string& text) {
  if (globals.json) {
    std::cout << document.dump(2) << '\n';
  } else {
    std::cout << printable(text);
  }
}

}  // namespace oulu10::cli

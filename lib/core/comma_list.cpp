#include "core/comma_list.hpp"

namespace oulu10 {

std::vector<std::string> split_commas(std::string_view joined) {
  std::vector<std::string> items;
  while (!joined.empty()) {
    const auto comma = joined.find(',');
    items.emplace_back(joined.substr(0, comma));
    joined = comma == std::string_view::npos ? std::string_view{} : joined.substr(comma + 1);
  }
  return items;
}

std::string join_commas(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += ',';
    joined += item;
  }
  return joined;
}

}  // namespace oulu10

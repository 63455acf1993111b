#pragma once
// Lists of keys kept as one text column, "a,b,c": the audit trail's subject reference and
// index keys. The items never hold a comma (they are hex digits).
#include <string>
#include <string_view>
#include <vector>

namespace oulu10 {

std::vector<std::string> split_commas(std::string_view joined);  // "" is no item
std::string join_commas(const std::vector<std::string>& items);

}  // namespace oulu10

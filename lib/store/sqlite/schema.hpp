#pragma once
// The register's schema as forward migrations: step i takes a register from version i to i+1.
// Released steps are never edited; a change is a new step.
#include <span>
#include <string_view>

namespace oulu10::store {

// "OU10": PRAGMA application_id marks a file as an oulu10-gdpr register.
inline constexpr int kApplicationId = 0x4F553130;

std::span<const std::string_view> migrations();

}  // namespace oulu10::store

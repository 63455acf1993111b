#pragma once
// A value or the reason it could not be produced. Small on purpose: parse functions return it,
// and the caller decides whether a refusal is an error (and which one) or just an answer.
#include <string>
#include <utility>
#include <variant>

namespace oulu10 {

struct Refusal {
  std::string reason;  // says why, in words a clerk understands; never echoes personal data
};

template <typename T>
class Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}            // NOLINT: implicit by design
  Expected(Refusal refusal) : state_(std::move(refusal)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  [[nodiscard]] const T& value() const& { return std::get<0>(state_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(state_)); }
  [[nodiscard]] const T& operator*() const& { return value(); }
  [[nodiscard]] const T* operator->() const { return &value(); }
  [[nodiscard]] const std::string& reason() const { return std::get<1>(state_).reason; }

 private:
  std::variant<T, Refusal> state_;
};

inline Refusal refuse(std::string reason) { return Refusal{std::move(reason)}; }

}  // namespace oulu10

// One table per stored enum: each value with the key the database holds and
// the Chinese label users see. Code compares enum values; keys are read and
// written only through the table, and labels are only ever displayed.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace gk {

template <typename E>
struct EnumName {
  E value;
  const char* key;    // stored, e.g. "pending"
  const char* label;  // displayed, e.g. "待推送"
};

// The key of `value`; "" if the table lacks it.
template <typename E, size_t N>
constexpr const char* KeyOf(const EnumName<E> (&table)[N], E value) {
  for (const EnumName<E>& n : table) {
    if (n.value == value) return n.key;
  }
  return "";
}

// The label of `value`; "" if the table lacks it.
template <typename E, size_t N>
constexpr const char* LabelOf(const EnumName<E> (&table)[N], E value) {
  for (const EnumName<E>& n : table) {
    if (n.value == value) return n.label;
  }
  return "";
}

// The value stored as `key`; nullopt for an unknown key.
template <typename E, size_t N>
constexpr std::optional<E> FromKey(const EnumName<E> (&table)[N], std::string_view key) {
  for (const EnumName<E>& n : table) {
    if (key == n.key) return n.value;
  }
  return std::nullopt;
}

}  // namespace gk

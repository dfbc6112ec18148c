#include "web/view.h"

namespace gk::web {

View& View::operator[](const std::string& key) {
  if (!is_map()) v_ = Map{};
  auto& m = std::get<Map>(v_);
  for (auto& [k, v] : m) if (k == key) return v;
  if (m.empty()) m.reserve(8);  // growing one by one would move the entries three times by eight
  m.emplace_back(key, View());
  return m.back().second;
}

View& View::Push(View v) {
  if (!is_list()) v_ = List{};
  auto& l = std::get<List>(v_);
  l.push_back(std::move(v));
  return l.back();
}

const View* View::Find(const std::string& key) const {
  if (!is_map()) return nullptr;
  for (const auto& [k, v] : map()) if (k == key) return &v;
  return nullptr;
}

}  // namespace gk::web

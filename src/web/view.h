// View: the data a template is rendered with — a tree of strings, booleans,
// lists and maps. Pages build Views; render.cc turns them into mustache data,
// so page code never includes the template engine.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace gk::web {

class View {
 public:
  using List = std::vector<View>;
  using Map = std::vector<std::pair<std::string, View>>;

  View() : v_(Map{}) {}
  View(const char* s) : v_(std::string(s)) {}            // NOLINT
  View(std::string s) : v_(std::move(s)) {}              // NOLINT
  View(bool b) : v_(b) {}                                // NOLINT
  View(int n) : v_(std::to_string(n)) {}                 // NOLINT
  View(int64_t n) : v_(std::to_string(n)) {}             // NOLINT
  View(List l) : v_(std::move(l)) {}                     // NOLINT

  static View MakeList() { return View(List{}); }

  // Map access; turns a non-map view into an empty map first.
  View& operator[](const std::string& key);
  // Appends to a list; turns a non-list view into an empty list first.
  View& Push(View v);

  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_list() const { return std::holds_alternative<List>(v_); }
  bool is_map() const { return std::holds_alternative<Map>(v_); }
  const std::string& str() const { return std::get<std::string>(v_); }
  bool boolean() const { return std::get<bool>(v_); }
  const List& list() const { return std::get<List>(v_); }
  const Map& map() const { return std::get<Map>(v_); }
  // Map lookup without inserting; nullptr if absent.
  const View* Find(const std::string& key) const;

 private:
  std::variant<bool, std::string, List, Map> v_;
};

}  // namespace gk::web

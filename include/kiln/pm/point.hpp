// kiln::Point: values by name (a value variable's or a random variable's), in insertion order,
// as PyMC's point dictionaries. Prints as Python does: {'z': array([0., 0.])}.
#pragma once

#include <kiln/array.hpp>

#include <initializer_list>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace kiln {

class Point {
 public:
  Point() = default;
  Point(std::initializer_list<std::pair<std::string, Array>> items);

  // Inserts a new name at the end.
  Array& operator[](const std::string& name);
  // Throws InputError naming the missing name.
  const Array& at(const std::string& name) const;
  bool contains(const std::string& name) const;

  std::size_t size() const { return items_.size(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<std::pair<std::string, Array>> items_;
};

std::ostream& operator<<(std::ostream& os, const Point& point);

}  // namespace kiln

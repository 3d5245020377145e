// kiln::Point: lookup, insertion and Python-dict printing.
#include <kiln/pm/point.hpp>

#include <ostream>

namespace kiln {

Point::Point(std::initializer_list<std::pair<std::string, Array>> items) {
  for (const auto& [name, value] : items) (*this)[name] = value;
}

Array& Point::operator[](const std::string& name) {
  for (auto& item : items_)
    if (item.first == name) return item.second;
  items_.emplace_back(name, Array());
  return items_.back().second;
}

const Array& Point::at(const std::string& name) const {
  for (const auto& item : items_)
    if (item.first == name) return item.second;
  throw InputError("the point has no value for '" + name + "'");
}

bool Point::contains(const std::string& name) const {
  for (const auto& item : items_)
    if (item.first == name) return true;
  return false;
}

std::ostream& operator<<(std::ostream& os, const Point& point) {
  os << "{";
  bool first = true;
  for (const auto& [name, value] : point) {
    os << (first ? "" : ", ") << "'" << name << "': " << repr(value);
    first = false;
  }
  return os << "}";
}

}  // namespace kiln

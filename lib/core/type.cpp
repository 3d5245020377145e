// TensorType's compatibility rules and Aesara's printing of it.
#include <kiln/type.hpp>

#include <ostream>

namespace kiln {

TensorType TensorType::random_generator() {
  TensorType t(DType::uint64, {6});
  t.kind_ = Kind::RandomGenerator;
  return t;
}

bool TensorType::fully_known() const {
  for (const auto& d : shape_)
    if (!d) return false;
  return true;
}

bool TensorType::accepts(const TensorType& other) const {
  if (kind_ != other.kind_ || dtype_ != other.dtype_ || ndim() != other.ndim()) return false;
  for (std::size_t i = 0; i < shape_.size(); ++i)
    if (shape_[i] && shape_[i] != other.shape_[i]) return false;
  return true;
}

bool TensorType::accepts(const Array& value) const {
  if (value.dtype() != dtype_ || value.ndim() != ndim()) return false;
  for (std::size_t i = 0; i < shape_.size(); ++i)
    if (shape_[i] && *shape_[i] != value.shape()[i]) return false;
  return true;
}

std::string TensorType::str() const {
  if (kind_ == Kind::RandomGenerator) return "RandomGeneratorType";
  std::string s = "TensorType(" + std::string(dtype_name(dtype_)) + ", (";
  for (std::size_t i = 0; i < shape_.size(); ++i) {
    if (i) s += ", ";
    s += shape_[i] ? std::to_string(*shape_[i]) : "None";
  }
  if (shape_.size() == 1) s += ",";
  return s + "))";
}

std::ostream& operator<<(std::ostream& os, const TensorType& t) { return os << t.str(); }

}  // namespace kiln

// TensorType: a dtype and a static shape whose dims may be unknown; printed as Aesara does
// (`TensorType(float64, (None,))`). The random-generator state has a type of its own kind.
#pragma once

#include <kiln/array.hpp>
#include <kiln/dtype.hpp>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

using StaticShape = std::vector<std::optional<std::int64_t>>;

class TensorType {
 public:
  enum class Kind : std::uint8_t { Tensor, RandomGenerator };

  TensorType() = default;
  TensorType(DType dtype, StaticShape shape) : dtype_(dtype), shape_(std::move(shape)) {}
  // The type of a generator-state variable (its runtime value is a uint64 array of shape (6,)).
  static TensorType random_generator();

  Kind kind() const { return kind_; }
  bool is_tensor() const { return kind_ == Kind::Tensor; }
  DType dtype() const { return dtype_; }
  const StaticShape& shape() const { return shape_; }
  int ndim() const { return static_cast<int>(shape_.size()); }
  // A dim known to be 1, which broadcasts against anything.
  bool broadcastable(int axis) const { return shape_[static_cast<std::size_t>(axis)] == 1; }
  bool fully_known() const;

  // True when a value of type `other` can stand where this type is expected (same dtype, ndim,
  // and every dim known here equals the one there).
  bool accepts(const TensorType& other) const;
  // True when a concrete array fits (dtype, ndim, known dims).
  bool accepts(const Array& value) const;

  bool operator==(const TensorType& other) const = default;
  std::string str() const;

 private:
  Kind kind_ = Kind::Tensor;
  DType dtype_ = DType::float64;
  StaticShape shape_;
};

std::ostream& operator<<(std::ostream& os, const TensorType& t);

}  // namespace kiln

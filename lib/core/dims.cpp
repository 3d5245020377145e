// kiln::Dims' out-of-line parts: growing onto the heap, inserting and erasing.
#include <kiln/dims.hpp>

#include <stdexcept>
#include <string>

namespace kiln {

Dims::value_type& Dims::at(size_type i) {
  if (i >= size_) throw std::out_of_range("Dims::at: index " + std::to_string(i) + " of " + std::to_string(size_));
  return data_[i];
}

const Dims::value_type& Dims::at(size_type i) const { return const_cast<Dims*>(this)->at(i); }

void Dims::grow(size_type n) {
  n = std::max(n, kInline);
  auto* bigger = new value_type[n];
  std::copy(data_, data_ + size_, bigger);
  release();
  data_ = bigger;
  capacity_ = n;
}

void Dims::make_room(size_type at, size_type n) {
  if (size_ + n > capacity_) grow(std::max(size_ + n, 2 * capacity_));
  std::copy_backward(data_ + at, data_ + size_, data_ + size_ + n);
  size_ += n;
}

Dims::iterator Dims::insert(const_iterator pos, size_type n, value_type value) {
  const auto at = static_cast<size_type>(pos - data_);
  make_room(at, n);
  std::fill(data_ + at, data_ + at + n, value);
  return data_ + at;
}

Dims::iterator Dims::erase(const_iterator first, const_iterator last) noexcept {
  auto* from = const_cast<value_type*>(first);
  auto* to = const_cast<value_type*>(last);
  std::copy(to, end(), from);
  size_ -= static_cast<size_type>(to - from);
  return from;
}

}  // namespace kiln

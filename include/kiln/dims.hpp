// kiln::Dims: a short list of int64 values, an array's extents or its strides. Up to
// kInline values live inside the object, more on the heap, so the arrays of everyday ranks
// (and views of caller memory built per call) allocate nothing for their shape and strides.
// It reads as the std::vector it replaces (the same member names and semantics).
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <vector>

namespace kiln {

class Dims {
 public:
  using value_type = std::int64_t;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using reference = value_type&;
  using const_reference = const value_type&;
  using pointer = value_type*;
  using const_pointer = const value_type*;
  using iterator = value_type*;
  using const_iterator = const value_type*;
  using reverse_iterator = std::reverse_iterator<iterator>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  static constexpr size_type kInline = 6;  // ranks up to this allocate nothing

  Dims() noexcept = default;
  explicit Dims(size_type n, value_type value = 0) { assign(n, value); }
  Dims(std::initializer_list<value_type> values) { assign(values.begin(), values.end()); }
  template <std::input_iterator It>
  Dims(It first, It last) {
    assign(first, last);
  }
  // From a std::vector (a shape read from data, a list built elsewhere): a copy, as before.
  Dims(const std::vector<value_type>& values) { assign(values.begin(), values.end()); }
  Dims(const Dims& other) { assign(other.begin(), other.end()); }
  Dims(Dims&& other) noexcept { take(other); }
  Dims& operator=(const Dims& other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  Dims& operator=(Dims&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  Dims& operator=(std::initializer_list<value_type> values) {
    assign(values.begin(), values.end());
    return *this;
  }
  ~Dims() { release(); }

  size_type size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  size_type capacity() const noexcept { return capacity_; }
  value_type* data() noexcept { return data_; }
  const value_type* data() const noexcept { return data_; }

  iterator begin() noexcept { return data_; }
  iterator end() noexcept { return data_ + size_; }
  const_iterator begin() const noexcept { return data_; }
  const_iterator end() const noexcept { return data_ + size_; }
  const_iterator cbegin() const noexcept { return data_; }
  const_iterator cend() const noexcept { return data_ + size_; }
  reverse_iterator rbegin() noexcept { return reverse_iterator(end()); }
  reverse_iterator rend() noexcept { return reverse_iterator(begin()); }
  const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }

  value_type& operator[](size_type i) noexcept { return data_[i]; }
  const value_type& operator[](size_type i) const noexcept { return data_[i]; }
  value_type& at(size_type i);
  const value_type& at(size_type i) const;
  value_type& front() noexcept { return data_[0]; }
  const value_type& front() const noexcept { return data_[0]; }
  value_type& back() noexcept { return data_[size_ - 1]; }
  const value_type& back() const noexcept { return data_[size_ - 1]; }

  void reserve(size_type n) {
    if (n > capacity_) grow(n);
  }
  void clear() noexcept { size_ = 0; }
  // n values, those past the old size left for the caller to write (a list filled right after).
  void resize_for_overwrite(size_type n) {
    reserve(n);
    size_ = n;
  }
  void resize(size_type n, value_type value = 0) {
    reserve(n);
    for (size_type i = size_; i < n; ++i) data_[i] = through_register(value);
    size_ = n;
  }
  void push_back(value_type value) {
    if (size_ == capacity_) grow(2 * capacity_);
    data_[size_++] = value;
  }
  value_type& emplace_back(value_type value) {
    push_back(value);
    return back();
  }
  void pop_back() noexcept { --size_; }

  void assign(size_type n, value_type value) {
    size_ = 0;
    resize(n, value);
  }
  template <std::input_iterator It>
  void assign(It first, It last) {
    size_ = 0;
    if constexpr (std::forward_iterator<It>) {
      const auto n = static_cast<size_type>(std::distance(first, last));
      reserve(n);
      for (value_type* out = data_; first != last; ++first) *out++ = through_register(static_cast<value_type>(*first));
      size_ = n;
    } else {
      for (; first != last; ++first) push_back(static_cast<value_type>(*first));
    }
  }
  void assign(std::initializer_list<value_type> values) { assign(values.begin(), values.end()); }

  iterator insert(const_iterator pos, value_type value) { return insert(pos, size_type{1}, value); }
  iterator insert(const_iterator pos, size_type n, value_type value);
  template <std::forward_iterator It>
  iterator insert(const_iterator pos, It first, It last) {
    const auto at = static_cast<size_type>(pos - data_);
    const auto n = static_cast<size_type>(std::distance(first, last));
    // Copied first: the range may be part of this list, which make_room moves.
    Dims values;
    values.reserve(n);
    for (; first != last; ++first) values.push_back(static_cast<value_type>(*first));
    make_room(at, n);
    std::copy(values.begin(), values.end(), data_ + at);
    return data_ + at;
  }
  iterator insert(const_iterator pos, std::initializer_list<value_type> values) {
    return insert(pos, values.begin(), values.end());
  }
  iterator erase(const_iterator pos) { return erase(pos, pos + 1); }
  iterator erase(const_iterator first, const_iterator last) noexcept;

  // A plain loop: std::equal would call memcmp, which costs more than a few-element list.
  friend bool operator==(const Dims& a, const Dims& b) noexcept {
    if (a.size_ != b.size_) return false;
    for (size_type i = 0; i < a.size_; ++i)
      if (a.data_[i] != b.data_[i]) return false;
    return true;
  }
  friend std::strong_ordering operator<=>(const Dims& a, const Dims& b) noexcept {
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  bool on_heap() const noexcept { return data_ != inline_; }
  void grow(size_type n);
  // Opens n places at index `at`, moving what follows.
  void make_room(size_type at, size_type n);
  // Inline: an Array built and dropped per call moves and frees its lists without a call.
  void take(Dims& other) noexcept {
    size_ = other.size_;
    if (other.on_heap()) {
      data_ = other.data_;
      capacity_ = other.capacity_;
      other.data_ = other.inline_;
      other.capacity_ = kInline;
    } else {
      for (size_type i = 0; i < size_; ++i) inline_[i] = through_register(other.inline_[i]);
    }
    other.size_ = 0;
  }
  // The lists' copies and fills pass each value through a register, so the compiler neither
  // calls memcpy/memset for a few values nor loads them back 16 or 32 bytes at a time: a list
  // is usually read right after its values were stored one by one (a view built per call, then
  // moved), and a load wider than those stores cannot be forwarded from them (a stall of about
  // 20 cycles per load, which cost a per-call `Array::view` more than everything else it does).
  static value_type through_register(value_type v) noexcept {
    asm("" : "+r"(v));
    return v;
  }
  void release() noexcept {
    if (on_heap()) {
      delete[] data_;
      data_ = inline_;
      capacity_ = kInline;
    }
  }

  value_type* data_ = inline_;
  size_type size_ = 0;
  size_type capacity_ = kInline;
  // Only the first size_ values are ever read: left uninitialized, a view built per call
  // stores no zeros it will not use.
  value_type inline_[kInline];
};

}  // namespace kiln

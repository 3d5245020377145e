// NumPy's array printing (repr and str) and Python's float repr, so kiln's output reads like the
// tutorial's. Follows numpy/core/arrayprint.py: FloatingFormat in 'maxprec' mode with precision 8,
// a line width of 75, summarisation above 1000 elements with 3 edge items.
#include <kiln/array.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <ostream>
#include <string>

namespace kiln {
namespace {

constexpr int kPrecision = 8;
constexpr std::size_t kLineWidth = 75;
constexpr std::int64_t kThreshold = 1000;
constexpr std::int64_t kEdgeItems = 3;

// Shortest round-trip digits of |v| and the decimal exponent of the first digit.
struct Digits {
  std::string digits;
  int exponent = 0;
};

Digits shortest_digits(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  std::string s(buf, res.ptr);
  auto e = s.find('e');
  Digits d;
  d.exponent = std::stoi(s.substr(e + 1));
  for (char c : s.substr(0, e))
    if (c != '.') d.digits += c;
  return d;
}

std::string fixed_rounded(double v, int precision) {
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
  return std::string(buf, res.ptr);
}

std::string trim_zeros_keep_point(std::string s) {
  auto dot = s.find('.');
  if (dot == std::string::npos) return s + ".";
  while (s.back() == '0') s.pop_back();
  return s;
}

// dragon4_positional(v, precision=8, unique=True, fractional=True, trim='.').
std::string positional(double v) {
  Digits d = shortest_digits(v);
  int frac_digits = std::max(0, static_cast<int>(d.digits.size()) - 1 - d.exponent);
  if (frac_digits > kPrecision) return trim_zeros_keep_point(fixed_rounded(v, kPrecision));
  return trim_zeros_keep_point(fixed_rounded(v, frac_digits));
}

// dragon4_scientific(v, precision=8, unique=True, trim='.'): "1.5e-05".
std::string scientific(double v) {
  Digits d = shortest_digits(v);
  if (d.digits.size() > kPrecision + 1) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific, kPrecision);
    std::string s(buf, res.ptr);
    auto e = s.find('e');
    d.exponent = std::stoi(s.substr(e + 1));
    d.digits.clear();
    for (char c : s.substr(0, e))
      if (c != '.') d.digits += c;
    while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  }
  std::string out = std::signbit(v) ? "-" : "";
  out += d.digits.substr(0, 1) + "." + d.digits.substr(1);
  std::string exp = std::to_string(std::abs(d.exponent));
  if (exp.size() < 2) exp = "0" + exp;
  return out + "e" + (d.exponent < 0 ? "-" : "+") + exp;
}

std::string pad_left_to(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

// FloatingFormat: decides the layout from all shown values, then formats each to match it.
class FloatFormat {
 public:
  explicit FloatFormat(const std::vector<double>& values) {
    std::vector<double> finite;
    for (double v : values)
      if (std::isfinite(v)) finite.push_back(v);
    bool has_nonfinite = finite.size() != values.size();
    if (finite.empty()) {
      fill_nonfinite_padding(values, has_nonfinite);
      return;
    }
    double max_val = 0, min_val = INFINITY;
    bool any_nonzero = false;
    for (double v : finite) {
      if (v == 0) continue;
      any_nonzero = true;
      max_val = std::max(max_val, std::fabs(v));
      min_val = std::min(min_val, std::fabs(v));
    }
    exp_format_ = any_nonzero && (max_val >= 1e8 || min_val < 0.0001 || max_val / min_val > 1000.);
    if (exp_format_) {
      for (double v : finite) {
        std::string s = scientific(v);
        auto e = s.find('e');
        auto dot = s.find('.');
        pad_left_ = std::max(pad_left_, dot);
        precision_ = std::max(precision_, e - dot - 1);
        exp_size_ = std::max(exp_size_, s.size() - e - 2);
      }
      pad_right_ = exp_size_ + 2 + precision_;
    } else {
      for (double v : finite) {
        std::string s = positional(v);
        auto dot = s.find('.');
        pad_left_ = std::max(pad_left_, dot);
        pad_right_ = std::max(pad_right_, s.size() - dot - 1);
      }
    }
    fill_nonfinite_padding(values, has_nonfinite);
  }

  std::string operator()(double v) const {
    if (!std::isfinite(v)) {
      std::string s = std::isnan(v) ? "nan" : (v < 0 ? "-inf" : "inf");
      return pad_left_to(s, pad_left_ + pad_right_ + 1);
    }
    if (exp_format_) {
      std::string s = scientific(v);
      auto e = s.find('e');
      std::string mant = s.substr(0, e);
      std::string exp = s.substr(e + 2);
      auto dot = mant.find('.');
      mant += std::string(precision_ - (mant.size() - dot - 1), '0');
      while (exp.size() < exp_size_) exp = "0" + exp;
      return pad_left_to(mant.substr(0, dot), pad_left_) + mant.substr(dot) + "e" + s[e + 1] + exp;
    }
    std::string s = positional(v);
    auto dot = s.find('.');
    std::string right = s.substr(dot);
    right += std::string(pad_right_ + 1 - right.size(), ' ');
    return pad_left_to(s.substr(0, dot), pad_left_) + right;
  }

 private:
  void fill_nonfinite_padding(const std::vector<double>& values, bool has_nonfinite) {
    if (!has_nonfinite) return;
    bool neginf = false;
    for (double v : values)
      if (std::isinf(v) && v < 0) neginf = true;
    std::size_t offset = pad_right_ + 1;
    std::size_t nanlen = 3, inflen = 3 + (neginf ? 1 : 0);
    if (nanlen > offset) pad_left_ = std::max(pad_left_, nanlen - offset);
    if (inflen > offset) pad_left_ = std::max(pad_left_, inflen - offset);
  }

  bool exp_format_ = false;
  std::size_t pad_left_ = 0, pad_right_ = 0, precision_ = 0, exp_size_ = 0;
};

struct Layout {
  std::string separator;
  std::string next_line_prefix;
  std::size_t line_width;
};

// The elements shown, as indices in C order over the shape (all, or the summarised edges).
bool summarised(const Array& a) { return a.size() > kThreshold; }

void extend_line(std::string& s, std::string& line, const std::string& word, std::size_t width,
                 const std::string& next_line_prefix) {
  bool needs_wrap = line.size() + word.size() > width;
  if (line.size() <= next_line_prefix.size()) needs_wrap = false;
  if (needs_wrap) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    s += line + "\n";
    line = next_line_prefix;
  }
  line += word;
}

std::string rstrip(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// numpy's _formatArray: recursive over axes, wrapping lines at the width.
std::string format_array(const Array& a, const std::function<std::string(std::int64_t)>& format_element,
                         const Layout& layout) {
  const Shape& shape = a.shape();
  bool summary = summarised(a);
  std::function<std::string(std::size_t, std::int64_t, const std::string&, std::size_t)> recurse;
  recurse = [&](std::size_t axis, std::int64_t flat, const std::string& hanging, std::size_t width) -> std::string {
    if (axis == shape.size()) return format_element(flat);
    std::string next_hanging = hanging + " ";
    std::size_t next_width = width - 1;
    std::int64_t len = shape[axis];
    std::int64_t inner = 1;
    for (std::size_t i = axis + 1; i < shape.size(); ++i) inner *= shape[i];
    bool show_summary = summary && 2 * kEdgeItems < len;
    std::int64_t leading = show_summary ? kEdgeItems : 0;
    std::int64_t trailing = show_summary ? kEdgeItems : len;
    std::string sep_stripped = rstrip(layout.separator);
    std::string s;
    std::size_t axes_left = shape.size() - axis;
    if (axes_left == 1) {
      std::size_t elem_width = width - std::max<std::size_t>(sep_stripped.size(), 1);
      std::string line = hanging;
      for (std::int64_t i = 0; i < leading; ++i) {
        extend_line(s, line, recurse(axis + 1, flat + i * inner, next_hanging, next_width), elem_width, hanging);
        line += layout.separator;
      }
      if (show_summary) {
        extend_line(s, line, "...", elem_width, hanging);
        line += layout.separator;
      }
      for (std::int64_t i = trailing; i > 1; --i) {
        extend_line(s, line, recurse(axis + 1, flat + (len - i) * inner, next_hanging, next_width), elem_width,
                    hanging);
        line += layout.separator;
      }
      extend_line(s, line, recurse(axis + 1, flat + (len - 1) * inner, next_hanging, next_width), elem_width,
                  hanging);
      s += line;
    } else {
      std::string line_sep = sep_stripped + std::string(axes_left - 1, '\n');
      for (std::int64_t i = 0; i < leading; ++i)
        s += hanging + recurse(axis + 1, flat + i * inner, next_hanging, next_width) + line_sep;
      if (show_summary) s += hanging + "..." + line_sep;
      for (std::int64_t i = trailing; i > 1; --i)
        s += hanging + recurse(axis + 1, flat + (len - i) * inner, next_hanging, next_width) + line_sep;
      s += hanging + recurse(axis + 1, flat + (len - 1) * inner, next_hanging, next_width);
    }
    std::string bracketed(1, '[');
    bracketed.append(s, hanging.size());
    bracketed.push_back(']');
    return bracketed;
  };
  return recurse(0, 0, layout.next_line_prefix, layout.line_width);
}

// The flat indices that will be printed (all of them, or the summarised edges).
std::vector<std::int64_t> shown_indices(const Array& a) {
  std::vector<std::int64_t> out;
  if (!summarised(a)) {
    for (std::int64_t i = 0; i < a.size(); ++i) out.push_back(i);
    return out;
  }
  const Shape& shape = a.shape();
  std::function<void(std::size_t, std::int64_t)> walk = [&](std::size_t axis, std::int64_t flat) {
    if (axis == shape.size()) {
      out.push_back(flat);
      return;
    }
    std::int64_t inner = 1;
    for (std::size_t i = axis + 1; i < shape.size(); ++i) inner *= shape[i];
    std::int64_t len = shape[axis];
    for (std::int64_t i = 0; i < len; ++i) {
      if (2 * kEdgeItems < len && i >= kEdgeItems && i < len - kEdgeItems) continue;
      walk(axis + 1, flat + i * inner);
    }
  };
  walk(0, 0);
  return out;
}

std::function<std::string(std::int64_t)> element_formatter(const Array& a) {
  std::vector<std::int64_t> shown = shown_indices(a);
  if (is_float(a.dtype())) {
    std::vector<double> values;
    for (auto i : shown) values.push_back(a.get_as_double(i));
    FloatFormat fmt(values);
    return [&a, fmt](std::int64_t i) { return fmt(a.get_as_double(i)); };
  }
  if (is_bool(a.dtype())) {
    bool pad = a.ndim() > 0;
    return [&a, pad](std::int64_t i) {
      bool v = a.get_as_int(i) != 0;
      return v ? (pad ? std::string(" True") : std::string("True")) : std::string("False");
    };
  }
  std::size_t width = 0;
  auto text = [&a](std::int64_t i) {
    return is_unsigned(a.dtype()) ? std::to_string(static_cast<std::uint64_t>(a.get_as_int(i)))
                                  : std::to_string(a.get_as_int(i));
  };
  for (auto i : shown) width = std::max(width, text(i).size());
  return [text, width](std::int64_t i) { return pad_left_to(text(i), width); };
}

bool default_repr_dtype(DType d) { return d == DType::float64 || d == DType::int64 || d == DType::bool_; }

}  // namespace

std::string float_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  Digits d = shortest_digits(v);
  std::string sign = std::signbit(v) ? "-" : "";
  if (d.exponent < -4 || d.exponent >= 16) {
    std::string mant = d.digits.substr(0, 1);
    if (d.digits.size() > 1) mant.append(".").append(d.digits, 1);
    std::string exp = std::to_string(std::abs(d.exponent));
    if (exp.size() < 2) exp.insert(exp.begin(), '0');
    return sign + mant + "e" + (d.exponent < 0 ? "-" : "+") + exp;
  }
  std::string s = fixed_rounded(std::fabs(v), std::max(0, static_cast<int>(d.digits.size()) - 1 - d.exponent));
  if (s.find('.') == std::string::npos) s += ".0";
  return sign + s;
}

std::string repr(const Array& a) {
  auto fmt = element_formatter(a);
  std::string body;
  if (a.ndim() == 0) {
    body = fmt(0);
  } else if (a.size() == 0) {
    // NumPy prints every empty array as [] and names its shape unless it is (0,).
    body = "[]";
    if (a.ndim() > 1) {
      body += ", shape=(";
      for (int d = 0; d < a.ndim(); ++d) body += (d ? ", " : "") + std::to_string(a.shape()[static_cast<std::size_t>(d)]);
      body += ")";
    }
  } else {
    body = format_array(a, fmt, Layout{", ", std::string(7, ' '), kLineWidth - 1});
  }
  std::string out = "array(" + body;
  if (a.size() == 0 || !default_repr_dtype(a.dtype())) out += ", dtype=" + std::string(dtype_name(a.dtype()));
  return out + ")";
}

std::string str(const Array& a) {
  auto fmt = element_formatter(a);
  if (a.ndim() == 0) {
    if (is_float(a.dtype())) return float_repr(a.get_as_double(0));
    return rstrip(fmt(0));
  }
  if (a.size() == 0) return "[]";
  return format_array(a, fmt, Layout{" ", " ", kLineWidth});
}

std::ostream& operator<<(std::ostream& os, const Array& a) { return os << repr(a); }

}  // namespace kiln

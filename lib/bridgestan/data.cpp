// kiln::Data over nlohmann-json: the document is parsed once, each value converted to an Array
// when the model asks for it (CmdStan's rules: rectangular nesting, "inf"/"-inf"/"NaN").
#include <kiln/data.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace kiln {

using Json = nlohmann::ordered_json;

struct Data::Impl {
  Json document = Json::object();
};

namespace {

std::string shape_text(const Shape& shape) {
  std::string s = "(";
  for (std::size_t d = 0; d < shape.size(); ++d) s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

// How a value reads in a message: "a number", "an array of 7 numbers", "an array of shape (2, 3)".
std::string shape_phrase(const Shape& shape) {
  if (shape.empty()) return "a number";
  if (shape.size() == 1) return "an array of " + std::to_string(shape[0]) + " numbers";
  return "an array of shape " + shape_text(shape);
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::string: return "the string " + value.dump();
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array of " + std::to_string(value.size()) + " values";
    default: return value.dump();
  }
}

std::string key_prefix(const std::string& name) { return "data key \"" + name + "\": "; }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One leaf: a number or one of the non-finite strings.
struct Leaf {
  double real;
  std::int64_t integer;
  bool is_integer;
};

Leaf read_leaf(const Json& value, const std::string& name, const std::string& where) {
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    auto i = value.get<std::int64_t>();
    return {static_cast<double>(i), i, true};
  }
  if (value.is_number_unsigned()) {
    auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw InputError(key_prefix(name) + "the integer " + value.dump() + where + " does not fit in int64");
    return {static_cast<double>(u), static_cast<std::int64_t>(u), true};
  }
  if (value.is_number_float()) return {value.get<double>(), 0, false};
  if (value.is_string()) {
    const std::string s = lower(value.get<std::string>());
    if (s == "inf" || s == "+inf" || s == "infinity") return {HUGE_VAL, 0, false};
    if (s == "-inf" || s == "-infinity") return {-HUGE_VAL, 0, false};
    if (s == "nan") return {std::nan(""), 0, false};
  }
  throw InputError(key_prefix(name) + "expected a number (or \"inf\", \"-inf\", \"NaN\")" + where + ", got " +
                   describe(value));
}

std::string index_text(const std::vector<std::int64_t>& index) {
  std::string s;
  for (auto i : index) s += "[" + std::to_string(i) + "]";
  return s;
}

// The shape the first elements give, then every element checked against it (row-major walk).
void collect(const Json& value, const std::string& name, const Shape& shape, std::vector<std::int64_t>& index,
             std::vector<Leaf>& leaves) {
  const std::size_t depth = index.size();
  if (depth == shape.size()) {
    if (value.is_array())
      throw InputError(key_prefix(name) + "ragged array: element " + index_text(index) + " is an array, where element " +
                       index_text(std::vector<std::int64_t>(depth, 0)) + " is a number");
    leaves.push_back(read_leaf(value, name, depth ? " at " + index_text(index) : ""));
    return;
  }
  if (!value.is_array() || static_cast<std::int64_t>(value.size()) != shape[depth]) {
    const std::string got = value.is_array() ? "has " + std::to_string(value.size()) + " values" : "is not an array";
    throw InputError(key_prefix(name) + "ragged array: element " + index_text(index) + " " + got + ", where element " +
                     index_text(std::vector<std::int64_t>(depth, 0)) + " has " + std::to_string(shape[depth]));
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    index.push_back(static_cast<std::int64_t>(i));
    collect(value[i], name, shape, index, leaves);
    index.pop_back();
  }
}

Array to_array(const Json& value, const std::string& name) {
  Shape shape;
  for (const Json* v = &value; v->is_array(); v = &(*v)[0]) {
    shape.push_back(static_cast<std::int64_t>(v->size()));
    if (v->empty()) break;
  }
  std::vector<Leaf> leaves;
  std::vector<std::int64_t> index;
  collect(value, name, shape, index, leaves);
  bool all_integers = !leaves.empty();
  for (const auto& leaf : leaves) all_integers = all_integers && leaf.is_integer;
  Array out = Array::empty(all_integers ? DType::int64 : DType::float64, shape);
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    if (all_integers)
      out.data<std::int64_t>()[i] = leaves[i].integer;
    else
      out.data<double>()[i] = leaves[i].real;
  }
  return out;
}

}  // namespace

Data::Data() : impl_(std::make_unique<Impl>()) {}
Data::~Data() = default;
Data::Data(Data&&) noexcept = default;
Data& Data::operator=(Data&&) noexcept = default;

Data Data::parse(std::string_view json) {
  Data data;
  try {
    data.impl_->document = Json::parse(json.begin(), json.end());
  } catch (const Json::parse_error& e) {
    // nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 9: ...".
    std::string what = e.what();
    const auto at = what.find("parse error");
    throw InputError("data: malformed JSON at byte " + std::to_string(e.byte) + ": " +
                     (at == std::string::npos ? what : what.substr(at)));
  }
  if (!data.impl_->document.is_object())
    throw InputError("data: expected a JSON object of named values, got " + describe(data.impl_->document));
  return data;
}

Data Data::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("data: cannot read the file \"" + path + "\"");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return parse(text.str());
  } catch (const InputError& e) {
    throw InputError("data file \"" + path + "\": " + e.what());
  }
}

Data Data::from_argument(const char* data) {
  if (data == nullptr || *data == '\0') return Data();
  const std::string_view text(data);
  if (text.size() >= 5 && text.substr(text.size() - 5) == ".json") return from_file(std::string(text));
  return parse(text);
}

bool Data::contains(const std::string& name) const { return impl_->document.contains(name); }

std::vector<std::string> Data::names() const {
  std::vector<std::string> out;
  for (const auto& item : impl_->document.items()) out.push_back(item.key());
  return out;
}

namespace {

const Json& lookup(const Json& document, const std::string& name) {
  auto it = document.find(name);
  if (it == document.end()) {
    std::string known;
    for (const auto& item : document.items()) known += (known.empty() ? "" : ", ") + item.key();
    throw InputError(key_prefix(name) + "missing (the data has " + (known.empty() ? "no keys" : known) + ")");
  }
  return *it;
}

}  // namespace

std::int64_t Data::integer(const std::string& name) const {
  const Json& value = lookup(impl_->document, name);
  if (value.is_array()) throw InputError(key_prefix(name) + "expected an integer, got " + describe(value));
  Leaf leaf = read_leaf(value, name, "");
  if (!leaf.is_integer) throw InputError(key_prefix(name) + "expected an integer, got " + describe(value));
  return leaf.integer;
}

double Data::real(const std::string& name) const {
  const Json& value = lookup(impl_->document, name);
  if (value.is_array()) throw InputError(key_prefix(name) + "expected a number, got " + describe(value));
  return read_leaf(value, name, "").real;
}

Array Data::array(const std::string& name) const { return to_array(lookup(impl_->document, name), name); }

Array Data::array(const std::string& name, DType dtype) const {
  Array a = array(name);
  if (a.dtype() == dtype) return a;
  if (is_integer(dtype) || is_bool(dtype)) {
    for (std::int64_t i = 0; i < a.size(); ++i) {
      const double x = a.get_as_double(i);
      if (x != std::floor(x))
        throw InputError(key_prefix(name) + "expected integers, got " + lookup(impl_->document, name).dump());
    }
  }
  return a.astype(dtype);
}

Array Data::array(const std::string& name, DType dtype, const Shape& shape) const {
  Array a = array(name, dtype);
  if (a.shape() != shape) throw InputError(key_prefix(name) + "expected " + shape_phrase(shape) + ", got " + shape_phrase(a.shape()));
  return a;
}

}  // namespace kiln

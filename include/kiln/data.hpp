// kiln::Data: named values in CmdStan's JSON format, as BridgeStan clients send a model's data:
// numbers, nested rectangular arrays (row-major), and the strings "inf", "-inf" and "NaN".
// Part of the sampler library (kiln::bridgestan); model sources read their data with it.
//
//   auto data = kiln::Data::parse(R"({"J": 2, "y": [28, 8], "sigma": [15.0, 10.0]})");
//   std::int64_t J = data.integer("J");
//   kiln::Array y = data.array("y", kiln::float64, {J});   // checked: shape (2,)
//
// Values are converted when asked for, so a bad value raises only if the model reads it; every
// failure is an InputError naming the key (or the JSON position) and what was expected.
#pragma once

#include <kiln/array.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class Data {
 public:
  Data();  // no values
  ~Data();
  Data(Data&&) noexcept;
  Data& operator=(Data&&) noexcept;

  // A JSON document (an object of named values).
  static Data parse(std::string_view json);
  // A JSON file.
  static Data from_file(const std::string& path);
  // BridgeStan's argument: NULL or "" is no data, a string ending in ".json" a file, else JSON text.
  static Data from_argument(const char* data);

  bool contains(const std::string& name) const;
  std::vector<std::string> names() const;  // in the document's order

  // An integer literal.
  std::int64_t integer(const std::string& name) const;
  // A number (or "inf", "-inf", "NaN").
  double real(const std::string& name) const;
  // A number or a nested array: int64 when every element is an integer literal, else float64;
  // the nesting gives the shape.
  Array array(const std::string& name) const;
  // Converted to `dtype` (reals to an integer dtype only when they are whole numbers).
  Array array(const std::string& name, DType dtype) const;
  // And checked to have `shape`.
  Array array(const std::string& name, DType dtype, const Shape& shape) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln

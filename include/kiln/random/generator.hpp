// kiln::random::Generator: NumPy's `default_rng(seed)` (SeedSequence -> PCG64 -> Generator),
// drawing the same values bit for bit, over a plain six-word state that compiled code can hold.
#pragma once

#include <kiln/array.hpp>

#include <cstdint>
#include <type_traits>
#include <vector>

namespace kiln::random {

// Everything a PCG64 stream is, as NumPy's PCG64.state holds it. Plain words, so a compiled
// function keeps it in a uint64 buffer of shape (6,) and passes a pointer to the runtime.
struct GeneratorState {
  std::uint64_t state_low;  // the 128-bit LCG state, low and high halves
  std::uint64_t state_high;
  std::uint64_t inc_low;  // the 128-bit LCG increment (odd), low and high halves
  std::uint64_t inc_high;
  std::uint64_t has_uint32;  // 1 when `uinteger` holds the unused high half of the last word
  std::uint64_t uinteger;

  friend bool operator==(const GeneratorState&, const GeneratorState&) = default;
};
static_assert(sizeof(GeneratorState) == 6 * sizeof(std::uint64_t));
static_assert(std::is_standard_layout_v<GeneratorState> && std::is_trivial_v<GeneratorState>);

// Methods take NumPy Generator's names and argument order. Parameters are checked as NumPy
// checks them, throwing ParameterValueError that names the parameter and its value; a failed
// check draws nothing. The size overloads fill a new C-order Array with the values NumPy gives
// for the same size (float64, or int64 for poisson, binomial and integers).
class Generator {
 public:
  explicit Generator(std::uint64_t seed);  // as numpy.random.default_rng(seed)
  explicit Generator(const GeneratorState& state) : state_(state) {}

  GeneratorState& state() { return state_; }
  const GeneratorState& state() const { return state_; }

  std::uint64_t random_raw();  // as rng.bit_generator.random_raw()

  double random();  // uniform on [0, 1)
  double standard_normal();
  double normal(double loc, double scale);
  double standard_exponential();
  double exponential(double scale);
  double uniform(double low, double high);
  double standard_gamma(double shape);
  double gamma(double shape, double scale);
  double beta(double a, double b);
  std::int64_t poisson(double lam);
  std::int64_t binomial(std::int64_t n, double p);
  std::int64_t integers(std::int64_t low, std::int64_t high);         // high exclusive
  std::int64_t choice(std::int64_t n);                                // as choice(n): uniform over [0, n)
  std::int64_t choice(std::int64_t n, const std::vector<double>& p);  // as choice(n, p=p)

  Array random(std::int64_t size);
  Array random(const Shape& size);
  Array standard_normal(std::int64_t size);
  Array standard_normal(const Shape& size);
  Array normal(double loc, double scale, std::int64_t size);
  Array normal(double loc, double scale, const Shape& size);
  Array standard_exponential(std::int64_t size);
  Array standard_exponential(const Shape& size);
  Array exponential(double scale, std::int64_t size);
  Array exponential(double scale, const Shape& size);
  Array uniform(double low, double high, std::int64_t size);
  Array uniform(double low, double high, const Shape& size);
  Array standard_gamma(double shape, std::int64_t size);
  Array standard_gamma(double shape, const Shape& size);
  Array gamma(double shape, double scale, std::int64_t size);
  Array gamma(double shape, double scale, const Shape& size);
  Array beta(double a, double b, std::int64_t size);
  Array beta(double a, double b, const Shape& size);
  Array poisson(double lam, std::int64_t size);
  Array poisson(double lam, const Shape& size);
  Array binomial(std::int64_t n, double p, std::int64_t size);
  Array binomial(std::int64_t n, double p, const Shape& size);
  Array integers(std::int64_t low, std::int64_t high, std::int64_t size);
  Array integers(std::int64_t low, std::int64_t high, const Shape& size);

 private:
  GeneratorState state_;
};

}  // namespace kiln::random

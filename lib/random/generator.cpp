// kiln::random::Generator: seeding as default_rng(seed), then each method checks its
// parameters and hands the state to the free draw or fill function of distributions.hpp.
#include <kiln/random/generator.hpp>

#include "random/distributions.hpp"
#include "random/pcg64.hpp"
#include "random/seed_sequence.hpp"

namespace kiln::random {

namespace {

// A new array of `size`, filled in C order by `fill(out, count)`.
template <class T, class Fill>
Array filled(const Shape& size, Fill fill) {
  Array a = Array::empty(dtype_of<T>(), size);
  fill(a.data<T>(), a.size());
  return a;
}

}  // namespace

Generator::Generator(std::uint64_t seed) : state_{} {
  // default_rng asks SeedSequence for four uint64 words (eight uint32, low word first); PCG64
  // takes the first two as the seed's high and low halves, the last two as the stream's.
  const std::vector<std::uint32_t> w = SeedSequence(seed).generate_state(8);
  auto word = [&](std::size_t i) { return (std::uint64_t{w[2 * i + 1]} << 32) | w[2 * i]; };
  pcg64_seed(state_, (uint128{word(0)} << 64) | word(1), (uint128{word(2)} << 64) | word(3));
}

std::uint64_t Generator::random_raw() { return next_uint64(state_); }

double Generator::random() { return standard_uniform(state_); }

double Generator::standard_normal() { return random::standard_normal(state_); }

double Generator::normal(double loc, double scale) {
  check_normal(scale);
  return random::normal(state_, loc, scale);
}

double Generator::standard_exponential() { return random::standard_exponential(state_); }

double Generator::exponential(double scale) {
  check_exponential(scale);
  return random::exponential(state_, scale);
}

double Generator::uniform(double low, double high) {
  check_uniform(low, high);
  return random::uniform(state_, low, high);
}

double Generator::standard_gamma(double shape) {
  check_standard_gamma(shape);
  return random::standard_gamma(state_, shape);
}

double Generator::gamma(double shape, double scale) {
  check_gamma(shape, scale);
  return random::gamma(state_, shape, scale);
}

double Generator::beta(double a, double b) {
  check_beta(a, b);
  return random::beta(state_, a, b);
}

std::int64_t Generator::poisson(double lam) {
  check_poisson(lam);
  return random::poisson(state_, lam);
}

std::int64_t Generator::binomial(std::int64_t n, double p) {
  check_binomial(n, p);
  return random::binomial(state_, n, p);
}

std::int64_t Generator::integers(std::int64_t low, std::int64_t high) {
  check_integers(low, high);
  return random::integers(state_, low, high);
}

std::int64_t Generator::choice(std::int64_t n) {
  check_choice(n);
  return random::choice(state_, n);
}

std::int64_t Generator::choice(std::int64_t n, const std::vector<double>& p) {
  check_choice(n, p.data(), static_cast<std::int64_t>(p.size()));
  std::int64_t out = 0;
  fill_choice(state_, &out, 1, p.data(), n);
  return out;
}

Array Generator::random(std::int64_t size) { return random(Shape{size}); }
Array Generator::random(const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_standard_uniform(state_, out, count); });
}

Array Generator::standard_normal(std::int64_t size) { return standard_normal(Shape{size}); }
Array Generator::standard_normal(const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_standard_normal(state_, out, count); });
}

Array Generator::normal(double loc, double scale, std::int64_t size) { return normal(loc, scale, Shape{size}); }
Array Generator::normal(double loc, double scale, const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_normal(state_, out, count, loc, scale); });
}

Array Generator::standard_exponential(std::int64_t size) { return standard_exponential(Shape{size}); }
Array Generator::standard_exponential(const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_standard_exponential(state_, out, count); });
}

Array Generator::exponential(double scale, std::int64_t size) { return exponential(scale, Shape{size}); }
Array Generator::exponential(double scale, const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_exponential(state_, out, count, scale); });
}

Array Generator::uniform(double low, double high, std::int64_t size) { return uniform(low, high, Shape{size}); }
Array Generator::uniform(double low, double high, const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_uniform(state_, out, count, low, high); });
}

Array Generator::standard_gamma(double shape, std::int64_t size) { return standard_gamma(shape, Shape{size}); }
Array Generator::standard_gamma(double shape, const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_standard_gamma(state_, out, count, shape); });
}

Array Generator::gamma(double shape, double scale, std::int64_t size) { return gamma(shape, scale, Shape{size}); }
Array Generator::gamma(double shape, double scale, const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_gamma(state_, out, count, shape, scale); });
}

Array Generator::beta(double a, double b, std::int64_t size) { return beta(a, b, Shape{size}); }
Array Generator::beta(double a, double b, const Shape& size) {
  return filled<double>(size, [&](double* out, std::int64_t count) { fill_beta(state_, out, count, a, b); });
}

Array Generator::poisson(double lam, std::int64_t size) { return poisson(lam, Shape{size}); }
Array Generator::poisson(double lam, const Shape& size) {
  return filled<std::int64_t>(size,
                              [&](std::int64_t* out, std::int64_t count) { fill_poisson(state_, out, count, lam); });
}

Array Generator::binomial(std::int64_t n, double p, std::int64_t size) { return binomial(n, p, Shape{size}); }
Array Generator::binomial(std::int64_t n, double p, const Shape& size) {
  return filled<std::int64_t>(size,
                              [&](std::int64_t* out, std::int64_t count) { fill_binomial(state_, out, count, n, p); });
}

Array Generator::integers(std::int64_t low, std::int64_t high, std::int64_t size) {
  return integers(low, high, Shape{size});
}
Array Generator::integers(std::int64_t low, std::int64_t high, const Shape& size) {
  return filled<std::int64_t>(
      size, [&](std::int64_t* out, std::int64_t count) { fill_integers(state_, out, count, low, high); });
}

}  // namespace kiln::random

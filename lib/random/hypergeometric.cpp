// Hypergeometric draws as NumPy's random_hypergeometric (Generator): for samples of at least 10
// that leave at least 10 behind, Stadlober's ratio-of-uniforms HRUA; otherwise a walk that
// picks the smaller of the sample and its complement item by item with random_interval.
#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/pcg64.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace kiln::random {

namespace {

// Uniform on [0, max] by masking and rejecting, from 32-bit words when max fits in them (NumPy's
// random_interval).
std::uint64_t random_interval(GeneratorState& s, std::uint64_t max) {
  if (max == 0) return 0;
  std::uint64_t mask = max;
  for (int shift = 1; shift <= 32; shift *= 2) mask |= mask >> shift;
  std::uint64_t value;
  if (max <= 0xffffffffULL) {
    while ((value = (next_uint32(s) & mask)) > max) {
    }
  } else {
    while ((value = (next_uint64(s) & mask)) > max) {
    }
  }
  return value;
}

// log(k!) as NumPy's logfactorial: a table below 126, then Stirling's series to the 1/k^3 term.
double logfactorial(std::int64_t k) {
  static const auto table = [] {
    std::array<double, 126> t{};
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::lgamma(static_cast<double>(i) + 1.0);
    return t;
  }();
  if (k < static_cast<std::int64_t>(table.size())) return table[static_cast<std::size_t>(k)];
  const double halfln2pi = 0.9189385332046728;
  const auto x = static_cast<double>(k);
  return (x + 0.5) * std::log(x) - x + (halfln2pi + (1 / x) * (1 / 12.0 - 1 / (360.0 * x * x)));
}

std::int64_t hypergeometric_sample(GeneratorState& s, std::int64_t good, std::int64_t bad, std::int64_t sample) {
  const std::int64_t total = good + bad;
  std::int64_t computed_sample = sample > total / 2 ? total - sample : sample;
  std::int64_t remaining_total = total, remaining_good = good;
  while (computed_sample > 0 && remaining_good > 0 && remaining_total > remaining_good) {
    // random_interval's bound is inclusive: the remaining total less one.
    --remaining_total;
    if (static_cast<std::int64_t>(random_interval(s, static_cast<std::uint64_t>(remaining_total))) < remaining_good)
      --remaining_good;
    --computed_sample;
  }
  if (remaining_total == remaining_good) remaining_good -= computed_sample;  // only good ones left
  return sample > total / 2 ? remaining_good : good - remaining_good;
}

std::int64_t hypergeometric_hrua(GeneratorState& s, std::int64_t good, std::int64_t bad, std::int64_t sample) {
  constexpr double d1 = 1.7155277699214135;  // 2 sqrt(2 / e)
  constexpr double d2 = 0.8989161620588988;  // 3 - 2 sqrt(3 / e)
  const std::int64_t popsize = good + bad;
  const std::int64_t computed_sample = std::min(sample, popsize - sample);
  const std::int64_t mingoodbad = std::min(good, bad), maxgoodbad = std::max(good, bad);
  const double p = static_cast<double>(mingoodbad) / static_cast<double>(popsize);
  const double q = static_cast<double>(maxgoodbad) / static_cast<double>(popsize);
  const double mu = static_cast<double>(computed_sample) * p;
  const double a = mu + 0.5;
  const double var = static_cast<double>(popsize - computed_sample) * static_cast<double>(computed_sample) * p * q /
                     static_cast<double>(popsize - 1);
  const double c = std::sqrt(var + 0.5);
  const double h = d1 * c + d2;
  const auto m = static_cast<std::int64_t>(std::floor(static_cast<double>(computed_sample + 1) *
                                                      static_cast<double>(mingoodbad + 1) /
                                                      static_cast<double>(popsize + 2)));
  const double g = logfactorial(m) + logfactorial(mingoodbad - m) + logfactorial(computed_sample - m) +
                   logfactorial(maxgoodbad - computed_sample + m);
  // The support's length, or 16 standard deviations past the mean.
  const double b = std::min(static_cast<double>(std::min(computed_sample, mingoodbad) + 1), std::floor(a + 16 * c));
  std::int64_t k;
  while (true) {
    const double u = next_double(s);
    const double v = next_double(s);
    const double x = a + h * (v - 0.5) / u;
    if (x < 0.0 || x >= b) continue;
    k = static_cast<std::int64_t>(std::floor(x));
    const double gp = logfactorial(k) + logfactorial(mingoodbad - k) + logfactorial(computed_sample - k) +
                      logfactorial(maxgoodbad - computed_sample + k);
    const double t = g - gp;
    if (u * (4.0 - u) - 3.0 <= t) break;  // fast acceptance
    if (u * (u - t) >= 1) continue;       // fast rejection
    if (2.0 * std::log(u) <= t) break;
  }
  if (good > bad) k = computed_sample - k;
  if (computed_sample < sample) k = good - k;
  return k;
}

}  // namespace

std::int64_t hypergeometric(GeneratorState& s, std::int64_t good, std::int64_t bad, std::int64_t sample) {
  if (sample >= 10 && sample <= good + bad - 10) return hypergeometric_hrua(s, good, bad, sample);
  return hypergeometric_sample(s, good, bad, sample);
}

void check_hypergeometric(std::int64_t good, std::int64_t bad, std::int64_t sample) {
  if (good < 0) throw_parameter_error("hypergeometric", "ngood < 0", "ngood = " + format_parameter(good));
  if (bad < 0) throw_parameter_error("hypergeometric", "nbad < 0", "nbad = " + format_parameter(bad));
  if (sample < 0) throw_parameter_error("hypergeometric", "nsample < 0", "nsample = " + format_parameter(sample));
  if (good + bad < sample)
    throw_parameter_error("hypergeometric", "ngood + nbad < nsample",
                          "ngood + nbad = " + format_parameter(good + bad) + ", nsample = " + format_parameter(sample));
}

}  // namespace kiln::random

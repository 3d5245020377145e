// Every draw kiln::random makes, as free functions on a GeneratorState: scalar draws that
// follow NumPy's distributions.c step for step, and the batched fills behind Generator's size
// overloads. Scalar draws trust their parameters; each `check_*` throws
// ParameterValueError as NumPy's Generator would, and every fill checks before it draws.
#pragma once

#include <kiln/random/generator.hpp>

#include <cstdint>

namespace kiln::random {

// uniform.cpp
double standard_uniform(GeneratorState& s);  // Generator.random(): [0, 1)
double uniform(GeneratorState& s, double low, double high);
void check_uniform(double low, double high);
void fill_standard_uniform(GeneratorState& s, double* out, std::int64_t n);
void fill_uniform(GeneratorState& s, double* out, std::int64_t n, double low, double high);

// normal.cpp
double standard_normal(GeneratorState& s);
double normal(GeneratorState& s, double loc, double scale);
void check_normal(double scale);
void fill_standard_normal(GeneratorState& s, double* out, std::int64_t n);
void fill_normal(GeneratorState& s, double* out, std::int64_t n, double loc, double scale);

// exponential.cpp
double standard_exponential(GeneratorState& s);
double exponential(GeneratorState& s, double scale);
void check_exponential(double scale);
void fill_standard_exponential(GeneratorState& s, double* out, std::int64_t n);
void fill_exponential(GeneratorState& s, double* out, std::int64_t n, double scale);

// gamma.cpp
double standard_gamma(GeneratorState& s, double shape);
double gamma(GeneratorState& s, double shape, double scale);
void check_standard_gamma(double shape);
void check_gamma(double shape, double scale);
void fill_standard_gamma(GeneratorState& s, double* out, std::int64_t n, double shape);
void fill_gamma(GeneratorState& s, double* out, std::int64_t n, double shape, double scale);

// beta.cpp
double beta(GeneratorState& s, double a, double b);
void check_beta(double a, double b);
void fill_beta(GeneratorState& s, double* out, std::int64_t n, double a, double b);

// poisson.cpp
std::int64_t poisson(GeneratorState& s, double lam);
void check_poisson(double lam);
void fill_poisson(GeneratorState& s, std::int64_t* out, std::int64_t n, double lam);

// binomial.cpp (`trials` is the distribution's n)
std::int64_t binomial(GeneratorState& s, std::int64_t trials, double p);
void check_binomial(std::int64_t trials, double p);
void fill_binomial(GeneratorState& s, std::int64_t* out, std::int64_t n, std::int64_t trials, double p);

// integers.cpp: [low, high), high exclusive
std::int64_t integers(GeneratorState& s, std::int64_t low, std::int64_t high);
void check_integers(std::int64_t low, std::int64_t high);
void fill_integers(GeneratorState& s, std::int64_t* out, std::int64_t n, std::int64_t low, std::int64_t high);

// choice.cpp: an index into a population of `size`, uniform or weighted by p[0 .. size)
std::int64_t choice(GeneratorState& s, std::int64_t size);
void check_choice(std::int64_t size);
void check_choice(std::int64_t size, const double* p, std::int64_t p_size);
void fill_choice(GeneratorState& s, std::int64_t* out, std::int64_t n, std::int64_t size);
void fill_choice(GeneratorState& s, std::int64_t* out, std::int64_t n, const double* p, std::int64_t size);

// hypergeometric.cpp: good + bad items, `sample` of them taken without replacement
std::int64_t hypergeometric(GeneratorState& s, std::int64_t good, std::int64_t bad, std::int64_t sample);
void check_hypergeometric(std::int64_t good, std::int64_t bad, std::int64_t sample);

}  // namespace kiln::random

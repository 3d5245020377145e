// The fuzzer's random variables: each draws with its own fixed seed, so the reference and the
// compiled calls draw the same values.
#include "fuzz/generator.hpp"


namespace kiln::fuzz::generator {

int GraphGenerator::random_variable() {
  int a = operand();
  const std::uint64_t seed = rnd_.next() % 1000;
  const int kind = rnd_.below(4);
  const bool sized = rnd_.chance(0.3);
  Shape size = sized ? shape_of(a) : Shape{};
  static const char* kNames[] = {"normal(a, 2)", "uniform(a, a + 1)", "poisson(abs(a))", "integers(0, 10) size of a"};
  return add(std::string(kNames[kind]) + " seed " + std::to_string(seed) + (sized ? " size " + shape_text(std::vector<std::int64_t>(size.begin(), size.end())) : ""), {a},
             [=](const std::vector<Var>& v) {
               kt::random::RVOptions o{.size = size, .rng = random_generator_shared(seed)};
               switch (kind) {
                 case 0: return kt::random::normal(v[0], 2.0, o);
                 case 1: return kt::random::uniform(v[0], v[0] + 1.0, o);
                 case 2: return kt::random::poisson(kt::abs(v[0]), o);
                 default: return kt::random::integers(0, 10, o);
               }
             });
}

}  // namespace kiln::fuzz::generator

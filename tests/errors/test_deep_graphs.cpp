// Graph algorithms are iterative: a chain of a million nodes builds, compiles, runs,
// differentiates, prints and is released without exhausting the stack. KILN_DEEP_GRAPH_NODES
// sets another depth: .ci/sanitize runs the chains shorter under the sanitizers (many times
// slower, with larger stack frames, so a shorter chain still overflows the stack of any
// recursive walk).
#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <algorithm>
#include <cstdlib>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <vector>

namespace kt = kiln::tensor;
using kiln::Array;

namespace {

int chain_depth() {
  const char* nodes = std::getenv("KILN_DEEP_GRAPH_NODES");
  return nodes ? std::stoi(nodes) : 1'000'000;
}
const int kDepth = chain_depth();

kiln::Var sin_chain(const kiln::Var& x, int depth) {
  kiln::Var y = x;
  for (int i = 0; i < depth; ++i) y = kt::sin(y);
  return y;
}

double sin_chain_value(double v, int depth) {
  for (int i = 0; i < depth; ++i) v = std::sin(v);
  return v;
}

// d/dx of sin applied `depth` times: the product of cos of each intermediate value.
double sin_chain_derivative(double v, int depth) {
  double d = 1.0;
  for (int i = 0; i < depth; ++i) {
    d *= std::cos(v);
    v = std::sin(v);
  }
  return d;
}

}  // namespace

TEST_CASE("a deep chain of sin compiles and computes the value") {
  auto x = kt::scalar("x");
  auto y = sin_chain(x, kDepth);
  auto f = kiln::function({x}, y);
  CHECK(Array(f(0.5)).item<double>() == Approx(sin_chain_value(0.5, kDepth)).epsilon(1e-12));
}

TEST_CASE("a deep chain of additions compiles to one scaled term") {
  auto x = kt::vector("x");
  kiln::Var y = x;
  for (int i = 0; i < kDepth; ++i) y = y + x;
  auto f = kiln::function({x}, y);
  Array out = f(Array{1.0, -2.0});
  CHECK(out.get_as_double(0) == kDepth + 1.0);
  CHECK(out.get_as_double(1) == -2.0 * (kDepth + 1.0));
}

TEST_CASE("a deep chain of alternating additions and subtractions of inputs compiles") {
  auto x = kt::scalar("x");
  auto a = kt::scalar("a");
  kiln::Var y = x;
  for (int i = 0; i < kDepth; ++i) y = i % 2 ? y - a : y + kt::sin(a);
  auto f = kiln::function({x, a}, y);
  CHECK(Array(f(1.0, 0.5)).item<double>() == Approx(1.0 + (kDepth / 2) * (std::sin(0.5) - 0.5)).epsilon(1e-9));
}

TEST_CASE("grad of a deep chain of sin builds its gradient graph") {
  auto x = kt::scalar("x");
  auto g = kiln::grad(sin_chain(x, kDepth), x);
  std::vector<kiln::Var> inputs;
  for (const auto& r : kiln::graph_inputs({g}))
    if (!r.is_constant()) inputs.push_back(r);
  REQUIRE(inputs.size() == 1);
  CHECK(inputs[0] == x);
}

// Compiling the gradient of a deep chain is linear in its length (fusion grows a group from a
// worklist, and neither building nor hashing a Composite spells out its name, which is quadratic
// when values are read twice), but LLVM's code generation of the one fused loop costs about a
// millisecond a link: 2,000 links keep this in seconds (grad itself is checked at full depth).
TEST_CASE("the gradient of a chain of 2,000 sin compiles and matches the chain rule") {
  constexpr int depth = 2'000;
  auto x = kt::scalar("x");
  auto f = kiln::function({x}, kiln::grad(sin_chain(x, depth), x));
  CHECK(Array(f(0.5)).item<double>() == Approx(sin_chain_derivative(0.5, depth)).epsilon(1e-9));
}

// Counts what is written and keeps the last line, so printing a million lines holds no copy.
class LineCounter : public std::streambuf {
 public:
  std::size_t chars = 0, lines = 0, longest = 0;
  std::string line, last_line;

 protected:
  int_type overflow(int_type c) override {
    ++chars;
    if (c == '\n') {
      ++lines;
      longest = std::max(longest, line.size());
      last_line = std::move(line);
      line.clear();
    } else {
      line.push_back(static_cast<char>(c));
    }
    return c;
  }
};

TEST_CASE("a deep chain of sin prints, by dprint and in DOT, in linear size") {
  auto x = kt::scalar("x");
  auto y = sin_chain(x, kDepth);
  LineCounter counter;
  std::ostream os(&counter);
  kiln::dprint(y, os);
  CHECK(counter.lines == static_cast<std::size_t>(kDepth) + 1);
  // Indentation stops growing at 64 levels: lines stay short instead of two million characters.
  CHECK(counter.longest < 200);
  CHECK(counter.last_line.find(" |x [id ") != std::string::npos);
  CHECK(kiln::graph_inputs({y}).size() == 1);
  CHECK(kiln::to_dot({y}).size() > static_cast<std::size_t>(kDepth));
}

TEST_CASE("a compiled deep chain of sin prints") {
  auto x = kt::scalar("x");
  auto f = kiln::function({x}, sin_chain(x, kDepth));
  std::ostringstream os;
  kiln::dprint(f, os);
  CHECK(os.str().find("Composite{") != std::string::npos);
}

TEST_CASE("clone_replace and evaluate walk a deep chain") {
  auto x = kt::scalar("x");
  auto z = kt::scalar("z");
  auto y = sin_chain(x, kDepth);
  auto replaced = kiln::clone_replace({y}, {{x, z}})[0];
  auto roots = kiln::graph_inputs({replaced});
  REQUIRE(roots.size() == 1);
  CHECK(roots[0] == z);
  CHECK(kiln::evaluate({replaced}, {{z, Array(0.5)}})[0].item<double>() == sin_chain_value(0.5, kDepth));
}

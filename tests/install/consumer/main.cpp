// Builds a graph through an installed kiln and prints log(x + y) at the tutorial's point.
#include <kiln/kiln.hpp>

#include <cmath>
#include <iostream>

int main() {
  namespace kt = kiln::tensor;
  auto x = kt::scalar("x");
  auto y = kt::vector("y");
  auto f = kiln::function({x, y}, kt::log(x + y));
  std::cout << kiln::Array(f(0.0, kiln::Array{1.0, M_E})) << "\n";
  return 0;
}

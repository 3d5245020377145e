// Reads the reference logp/gradient values and measures how far an implementation is from them.
#include "reference_values.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace anchor {

std::map<std::string, Reference> read_reference_values(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read reference values from " + path);
  std::map<std::string, Reference> refs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name;
    std::size_t dim = 0;
    Reference r{};
    fields >> name >> dim >> r.logp;
    r.grad.resize(dim);
    for (double& g : r.grad) fields >> g;
    if (!fields) throw std::runtime_error(path + ": malformed line for '" + name + "'");
    refs[name] = std::move(r);
  }
  return refs;
}

double max_relative_error(const Reference& ref, double logp, std::span<const double> grad) {
  auto rel = [](double a, double b) {
    const double scale = std::max(std::fabs(a), std::fabs(b));
    return scale == 0 ? 0.0 : std::fabs(a - b) / scale;
  };
  if (grad.size() != ref.grad.size()) return HUGE_VAL;
  double err = rel(logp, ref.logp);
  for (std::size_t i = 0; i < grad.size(); ++i) err = std::max(err, rel(grad[i], ref.grad[i]));
  return std::isnan(err) ? HUGE_VAL : err;
}

}  // namespace anchor

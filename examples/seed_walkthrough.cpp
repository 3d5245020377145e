// The tutorial (../shared/seed) in kiln: every printed output, in the tutorial's order.
// Sections arrive as kiln grows; each prints what the tutorial prints for it.
#include "histogram.hpp"

#include <kiln/kiln.hpp>

#include <cmath>
#include <cstring>
#include <deque>
#include <iostream>
#include <string>

namespace kt = kiln::tensor;
namespace pm = kiln::pm;

namespace {

void heading(const char* title) { std::cout << "\n## " << title << "\n\n"; }

// Where the tutorial plots a histogram: text bars, or an SVG file with --svg DIR.
std::string svg_dir;

void histogram(const kiln::Array& values, const std::string& title, const std::string& file) {
  kiln::examples::HistogramOptions options{.bins = 15, .title = title};
  if (svg_dir.empty()) {
    kiln::examples::print_histogram(std::cout, values, options);
  } else {
    kiln::examples::write_histogram_svg(svg_dir + "/" + file, values, options);
    std::cout << "(histogram written to " << svg_dir << "/" << file << ")\n";
  }
}

// Column j of a (n, k) array of draws.
kiln::Array column(const kiln::Array& draws, std::int64_t j) {
  std::int64_t n = draws.shape()[0], k = draws.shape()[1];
  kiln::Array out = kiln::Array::empty(draws.dtype(), {n});
  for (std::int64_t i = 0; i < n; ++i) out.set_from_double(i, draws.get_as_double(i * k + j));
  return out;
}

// The normal log-density computed directly, standing in for scipy.stats.norm.logpdf.
double norm_logpdf(double x, double loc, double scale) {
  double z = (x - loc) / scale;
  return -0.5 * z * z - std::log(scale) - 0.5 * std::log(2 * M_PI);
}

void introduction() {
  heading("Introduction to Aesara: a simple example");
  kiln::Var x = kt::scalar("x");
  kiln::Var y = kt::vector("y");
  std::cout << "x type: " << x.type() << "\nx name = " << x.name() << "\n---\n";
  std::cout << "y type: " << y.type() << "\ny name = " << y.name() << "\n\n";

  auto z = x + y;
  z.set_name("x + y");
  auto w = kt::log(z);
  w.set_name("log(x + y)");
  kiln::dprint(w);

  kiln::Function f = kiln::function({x, y}, w);
  std::cout << kiln::Array(f(0.0, kiln::Array{1.0, M_E})) << "\n";
  std::cout << w.eval({{x, 0.0}, {y, {1.0, M_E}}}) << "\n";
  std::cout << w.eval({{z, {1.0, M_E}}}) << "\n";

  heading("Aesara is clever!");
  kiln::Var a = kt::scalar("a");
  kiln::Var b = kt::scalar("b");
  auto c = a / b;
  c.set_name("a / b");
  kiln::dprint(c);
  auto d = b * c;
  d.set_name("b * c");
  kiln::dprint(d);
  kiln::Function g = kiln::function({a, b}, d);
  kiln::dprint(g);

  heading("What is in an Aesara graph?");
  std::cout << "z type: " << z.type() << "\nz name = " << z.name() << "\nz owner = " << z.owner()
            << "\nz owner inputs = " << z.owner()->inputs() << "\nz owner op = " << z.owner()->op()
            << "\nz owner output = " << z.owner()->outputs() << "\n\n";

  // Walk the graph of w breadth first, as the tutorial's loop does.
  std::deque<kiln::Var> stack{w};
  while (!stack.empty()) {
    std::cout << "---\n";
    kiln::Var var = stack.front();
    stack.pop_front();
    std::cout << "Checking variable " << var << " of type " << var.type() << "\n";
    if (var.owner()) {
      std::cout << " > Op is " << var.owner()->op() << "\n";
      const auto& inputs = var.owner()->inputs();
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::cout << " > Input " << i << " is " << inputs[i] << "\n";
        stack.push_back(inputs[i]);
      }
    } else {
      std::cout << " > " << var << " is a root variable\n";
    }
  }
  kiln::dprint(w);

  heading("Graph manipulation 101");
  std::cout << kiln::graph_inputs({w}) << "\n";
  auto parent_of_w = w.owner()->inputs()[0];
  auto new_parent_of_w = kt::exp(parent_of_w);
  new_parent_of_w.set_name("exp(x + y)");
  kiln::dprint(w);
  auto new_w = kiln::clone_replace({w}, {{parent_of_w, new_parent_of_w}})[0];
  new_w.set_name("log(exp(x + y))");
  kiln::dprint(new_w);
  std::cout << new_w.eval({{x, 0.0}, {y, {1.0, M_E}}}) << "\n";
  kiln::Function f2 = kiln::function({x, y}, new_w);
  kiln::dprint(f2);
  std::cout << kiln::Array(f2(0.0, kiln::Array{1.0, M_E})) << "\n";
}

void random_variables() {
  heading("Aesara RandomVariables");
  kiln::random::Generator numpy_like(12345);
  histogram(numpy_like.normal(0.0, 1.0, 1000), "Samples from a normal distribution using numpy", "numpy_normal.svg");

  auto y = kt::random::normal(0, 1, {.name = "y"});
  std::cout << y.type() << "\n";
  kiln::dprint(y);
  std::cout << y.eval() << "\n";
  for (int i = 0; i < 10; ++i) std::cout << "Sample " << i << ": " << kiln::str(y.eval()) << "\n";
}

void pymc_draws() {
  heading("PyMC");
  auto x = pm::Normal::dist(0, 1.0);
  kiln::dprint(x);
  for (int i = 0; i < 10; ++i) std::cout << "Sample " << i << ": " << kiln::str(x.eval()) << "\n";
  histogram(pm::draw(x, 1000), "Samples from a normal distribution using pymc", "pymc_normal.svg");
}

void behind_the_scenes() {
  heading("What is going on behind the scenes?");
  pm::Model model;
  kiln::Var z;
  {
    pm::ModelContext ctx(model);
    z = pm::Normal("z", kiln::Array(std::vector<std::int64_t>{0, 0}), kiln::Array{1.0, 2.0});
    kiln::dprint(z);
  }
  std::cout << model.basic_RVs() << "\n";
  kiln::dprint(model.basic_RVs()[0]);
  for (int i = 0; i < 10; ++i) std::cout << "Sample " << i << ": " << kiln::str(z.eval()) << "\n";
  for (int i = 0; i < 10; ++i) std::cout << "Sample " << i << ": " << kiln::str(pm::draw(z)) << "\n";
  kiln::Array z_draws = pm::draw(z, 10000);
  histogram(column(z_draws, 0), "Samples Histogram (z[0])", "z0.svg");
  histogram(column(z_draws, 1), "Samples Histogram (z[1])", "z1.svg");

  heading("Enough with Random Variables, I want to see some (log)probabilities!");
  auto z_value = kt::vector("z");
  kiln::Var z_logp = pm::logp(z, z_value);
  kiln::dprint(z_logp);
  std::cout << z_logp.eval({{z_value, {0.0, 0.0}}}) << "\n";
  std::cout << kiln::Array{norm_logpdf(0, 0, 1), norm_logpdf(0, 0, 2)} << "\n";
  kiln::dprint(static_cast<kiln::Var>(model.logp({.sum = false})));
  auto logp_function = model.compile_logp({.sum = false});
  kiln::Point point = model.initial_point();
  std::cout << point << "\n";
  std::cout << pm::repr(logp_function(point)) << "\n";
}

void value_variables() {
  heading("What are value variables and why are they important?");
  auto rv = pm::Normal::dist(0, 1);
  std::cout << pm::draw(rv, 3) << "\n";
  std::cout << kiln::float_repr(pm::logp(rv, 1.25).eval().item<double>()) << "\n";

  pm::Model model_2;
  kiln::Var mu, sigma, x;
  {
    pm::ModelContext ctx(model_2);
    mu = pm::Normal("mu", 0, 2);
    sigma = pm::HalfNormal("sigma", 3);
    x = pm::Normal("x", mu, sigma);
  }
  std::cout << model_2.rvs_to_values() << "\n";
  std::cout << model_2.value_vars() << "\n";
  auto mu_value = model_2.rvs_to_values()[mu];
  auto sigma_log_value = model_2.rvs_to_values()[sigma];
  auto x_value = model_2.rvs_to_values()[x];
  auto logp_graph = kt::stack(model_2.logp({.sum = false}));
  std::cout << logp_graph.eval({{mu_value, 0.0}, {sigma_log_value, -10.0}, {x_value, 0.0}}) << "\n";
  double half_norm = std::log(2.0) + norm_logpdf(std::exp(-10.0), 0, 3);
  std::cout << "\nmu_value -> " << kiln::float_repr(norm_logpdf(0, 0, 2)) << "\nsigma_log_value -> "
            << kiln::float_repr(-10 + half_norm) << "\nx_value -> " << kiln::float_repr(norm_logpdf(0, 0, std::exp(-10.0)))
            << "\n\n";
  kiln::Point at{{"mu", 0.0}, {"sigma_log__", -10.0}, {"x", 0.0}};
  std::cout << pm::repr(model_2.compile_logp({.sum = false})(at)) << "\n";
  std::cout << pm::repr(model_2.compile_dlogp()(at)) << "\n";
  std::cout << pm::repr(model_2.compile_d2logp()(at)) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--svg") == 0 && i + 1 < argc) {
      svg_dir = argv[++i];
    } else {
      std::cerr << "usage: seed_walkthrough [--svg DIR]  (histograms as SVG files in DIR instead of text)\n";
      return 2;
    }
  }
  try {
    introduction();
    random_variables();
    pymc_draws();
    behind_the_scenes();
    value_variables();
  } catch (const kiln::Error& e) {
    std::cerr << "seed_walkthrough: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

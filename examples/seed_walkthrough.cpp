// The tutorial (../shared/seed) in kiln: every printed output, in the tutorial's order.
// Sections arrive as kiln grows; each prints what the tutorial prints for it.
#include <kiln/kiln.hpp>

#include <cmath>
#include <deque>
#include <iostream>

namespace kt = kiln::tensor;

namespace {

void heading(const char* title) { std::cout << "\n## " << title << "\n\n"; }

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
  std::cout << kiln::Array(f2(0.0, kiln::Array{1.0, M_E})) << "\n";
}

}  // namespace

int main() {
  try {
    introduction();
  } catch (const kiln::Error& e) {
    std::cerr << "seed_walkthrough: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

// The linear algebra ops and pm.math's functions: values against NumPy/SciPy
// (linalg_reference.json, written by linalg_reference.py) to 1e-12, both compiled and through
// the reference evaluation; gradients against finite differences; bad matrices raising typed
// errors that name the op and the problem.
#include "tensor/linalg.hpp"

#include <kiln/kiln.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/op_checks.hpp"

#include <cmath>
#include <fstream>
#include <limits>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::Var;
using nlohmann::json;
using namespace kiln::testing;

namespace {

double number(const json& j) {
  if (j.is_string()) return j.get<std::string>() == "-inf" ? -INFINITY : j.get<std::string>() == "inf" ? INFINITY : NAN;
  return j.get<double>();
}

// A nested list as an array of its shape.
Array to_array(const json& j) {
  kiln::Shape shape;
  for (const json* p = &j; p->is_array(); p = &(*p)[0]) {
    shape.push_back(static_cast<std::int64_t>(p->size()));
    if (p->empty()) break;
  }
  std::vector<double> flat;
  std::function<void(const json&)> walk = [&](const json& x) {
    if (x.is_array())
      for (const auto& e : x) walk(e);
    else
      flat.push_back(number(x));
  };
  walk(j);
  Array a = Array::empty(kiln::float64, shape);
  for (std::size_t i = 0; i < flat.size(); ++i) a.set_from_double(static_cast<std::int64_t>(i), flat[i]);
  return a;
}

std::vector<Var> apply_case(const std::string& fn, const std::vector<Var>& x, const json& options) {
  auto flag = [&](const char* name, bool otherwise) {
    return options.contains(name) ? options.at(name).get<bool>() : otherwise;
  };
  if (fn == "cholesky") return {kt::cholesky(x[0], flag("lower", true))};
  if (fn == "solve") return {kt::solve(x[0], x[1])};
  if (fn == "solve_triangular") return {kt::solve_triangular(x[0], x[1], flag("lower", true), flag("trans", false))};
  if (fn == "matrix_inverse") return {kt::matrix_inverse(x[0])};
  if (fn == "det") return {kt::det(x[0])};
  if (fn == "slogdet") {
    auto [sign, logdet] = kt::slogdet(x[0]);
    return {sign, logdet};
  }
  if (fn == "eigvalsh") return {kt::eigvalsh(x[0])};
  if (fn == "kron") return {kt::kron(x[0], x[1])};
  if (fn == "logsumexp") {
    kt::Axes axis = options.contains("axis") ? kt::Axes{{options.at("axis").get<int>()}} : std::nullopt;
    return {kt::logsumexp(x[0], axis, flag("keepdims", false))};
  }
  if (fn == "logit") return {kt::logit(x[0])};
  if (fn == "invlogit") return {kt::invlogit(x[0])};
  if (fn == "logdiffexp") return {kt::logdiffexp(x[0], x[1])};
  FAIL("no case for " << fn);
  return {};
}

void check_close(const Array& got, const Array& expected, const std::string& what) {
  INFO(what);
  REQUIRE(got.shape() == expected.shape());
  for (std::int64_t i = 0; i < got.size(); ++i) {
    const double g = got.get_as_double(i), e = expected.get_as_double(i);
    INFO("element " << i << ": got " << g << ", expected " << e);
    if (std::isinf(e))
      CHECK(g == e);
    else
      CHECK(std::fabs(g - e) <= 1e-12 * std::max(1.0, std::fabs(e)));
  }
}

Array matrix(std::initializer_list<std::initializer_list<double>> rows) { return Array(rows); }

const Array kSpd = matrix({{4.0, 1.0, 0.5}, {1.0, 3.0, 0.2}, {0.5, 0.2, 2.0}});
const Array kGeneral = matrix({{1.5, -0.3, 0.8}, {0.4, 2.0, -1.1}, {-0.7, 0.6, 1.2}});

}  // namespace

TEST_CASE("linear algebra and pm.math values match NumPy and SciPy to 1e-12", "[tensor][linalg]") {
  std::ifstream in(KILN_TENSOR_TEST_DIR "/linalg_reference.json");
  REQUIRE(in);
  const json cases = json::parse(in).at("cases");
  REQUIRE(cases.size() > 70);
  for (const auto& c : cases) {
    const std::string fn = c.at("fn");
    std::vector<Var> inputs;
    kiln::Givens givens;
    std::vector<Array> args;
    for (const auto& a : c.at("args")) {
      Array value = to_array(a);
      inputs.push_back(kt::tensor("x" + std::to_string(inputs.size()), kiln::float64, kiln::StaticShape(value.ndim())));
      givens.emplace_back(inputs.back(), value);
      args.push_back(value);
    }
    auto outputs = apply_case(fn, inputs, c.at("options"));
    auto compiled = kiln::function(inputs, outputs).call_positional(args);
    auto reference = kiln::evaluate(outputs, givens);
    for (std::size_t o = 0; o < outputs.size(); ++o) {
      Array expected = to_array(c.at("outputs")[o]);
      check_close(compiled[o], expected, fn + " compiled, " + c.at("options").dump());
      check_close(reference[o], expected, fn + " reference, " + c.at("options").dump());
    }
  }
}

TEST_CASE("linear algebra ops print their names and static shapes", "[tensor][linalg]") {
  auto a = kt::tensor("a", kiln::float64, {3, std::nullopt});
  CHECK(op_name(kt::cholesky(a)) == "Cholesky{lower}");
  CHECK(op_name(kt::cholesky(a, false)) == "Cholesky{upper}");
  CHECK(kt::cholesky(a).type().str() == "TensorType(float64, (3, 3))");
  CHECK(op_name(kt::solve_triangular(a, kt::vector("b"), false, true)) == "SolveTriangular{upper, trans}");
  CHECK(kt::solve(a, kt::matrix("b")).type().str() == "TensorType(float64, (3, None))");
  CHECK(kt::det(a).type().str() == "TensorType(float64, ())");
  CHECK(kt::eigvalsh(a).type().str() == "TensorType(float64, (3,))");
  auto p = kt::matrix("p"), q = kt::matrix("q");
  CHECK(kt::kron(p, q)
            .eval({{p, Array::zeros(kiln::float64, {2, 3})}, {q, Array::zeros(kiln::float64, {4, 5})}})
            .shape() == kiln::Shape{8, 15});
}

TEST_CASE("linear algebra gradients match finite differences", "[tensor][linalg][grad]") {
  auto a = kt::matrix("a");
  auto b = kt::vector("b");
  auto m = kt::matrix("m");
  const Array lower = matrix({{2.0, 0.0, 0.0}, {0.3, 1.5, 0.0}, {-0.4, 0.2, 1.8}});
  const Array upper = matrix({{2.0, 0.3, -0.4}, {0.0, 1.5, 0.2}, {0.0, 0.0, 1.8}});
  const Array rhs = matrix({{0.3, -1.0}, {0.8, 0.1}, {-0.5, 0.6}});
  const Array vec{0.7, -0.2, 1.1};
  check_grad_rules(kt::cholesky(a), {{a, kSpd}});
  check_grad_rules(kt::cholesky(a, false), {{a, kSpd}});
  for (bool low : {true, false})
    for (bool trans : {false, true}) {
      const Array& t = low ? lower : upper;
      check_grad_rules(kt::solve_triangular(a, b, low, trans), {{a, t}, {b, vec}});
      check_grad_rules(kt::solve_triangular(a, m, low, trans), {{a, t}, {m, rhs}});
    }
  check_grad_rules(kt::solve(a, b), {{a, kGeneral}, {b, vec}});
  check_grad_rules(kt::solve(a, m), {{a, kGeneral}, {m, rhs}});
  check_grad_rules(kt::matrix_inverse(a), {{a, kGeneral}});
  check_grad_rules(kt::det(a), {{a, kGeneral}});
  check_grad_rules(kt::eigvalsh(a), {{a, kSpd}});
  check_grad_rules(kt::tril(a), {{a, kGeneral}});
  check_grad_rules(kt::diagonal(a), {{a, kGeneral}});
  check_grad_rules(kt::diag(b), {{b, vec}});
  // Through whole expressions, with kiln::grad and verify_grad's random projections.
  kiln::verify_grad([](const std::vector<Var>& x) { return kt::sum(kt::kron(x[0], x[1])); }, {kGeneral, rhs});
  kiln::verify_grad([](const std::vector<Var>& x) { return kt::slogdet(x[0]).second; }, {kGeneral});
  kiln::verify_grad([](const std::vector<Var>& x) { return kt::logsumexp(x[0], 1); }, {kGeneral});
  kiln::verify_grad([](const std::vector<Var>& x) { return kt::logdiffexp(x[0], x[1]); },
                    {Array{1.0, 2.0}, Array{0.5, -1.0}});
  kiln::verify_grad([](const std::vector<Var>& x) { return kt::logit(x[0]); }, {Array{0.2, 0.7}});
  kiln::verify_grad(
      [](const std::vector<Var>& x) {
        Var s = kt::dot(x[0], kt::transpose(x[0])) + 3.0 * kt::diag(kt::ones_like(kt::diagonal(x[0])));
        return kt::sum(kt::solve_triangular(kt::cholesky(s), x[1]));
      },
      {kGeneral, vec});
}

TEST_CASE("eigh has no gradient through its eigenvectors", "[tensor][linalg][grad]") {
  auto a = kt::matrix("a");
  CHECK_THROWS_MATCHES(kiln::grad(kt::sum(kt::eigh(a).second), a), kiln::GradientError,
                       Catch::Message("eigh: no gradient through the eigenvectors (only through the eigenvalues, "
                                      "kt::eigvalsh)"));
}

TEST_CASE("bad matrices raise typed errors naming the op and the problem", "[tensor][linalg][errors]") {
  auto a = kt::matrix("a");
  auto b = kt::vector("b");
  CHECK_THROWS_MATCHES(kt::cholesky(kt::tensor("r", kiln::float64, {2, 3})), kiln::TypeError,
                       Catch::Message("cholesky: expects a square matrix, got TensorType(float64, (2, 3))"));
  CHECK_THROWS_MATCHES(kt::det(b), kiln::TypeError,
                       Catch::Message("det: expects a numeric matrix, got TensorType(float64, (None,))"));
  CHECK_THROWS_MATCHES(kt::cholesky(a).eval({{a, Array::zeros(kiln::float64, {2, 3})}}), kiln::ValueError,
                       Catch::Message("cholesky: expects a square matrix, got shape (2, 3)"));
  CHECK_THROWS_MATCHES(kt::solve(a, b).eval({{a, kGeneral}, {b, Array{1.0, 2.0}}}), kiln::ValueError,
                       Catch::Message("solve: a of shape (3, 3) and b of shape (2,) do not align"));
  const Array indefinite = matrix({{1.0, 2.0}, {2.0, 1.0}});
  CHECK_THROWS_MATCHES(kt::cholesky(a).eval({{a, indefinite}}), kiln::LinAlgError,
                       Catch::Message("cholesky: the matrix is not positive definite (the leading minor of order 2 "
                                      "is not positive)"));
  const Array singular = matrix({{1.0, 2.0}, {2.0, 4.0}});
  CHECK_THROWS_MATCHES(kt::solve(a, b).eval({{a, singular}, {b, Array{1.0, 2.0}}}), kiln::LinAlgError,
                       Catch::Message("solve: the matrix is singular (diagonal entry 1 of its factor is zero)"));
  CHECK_THROWS_MATCHES(
      kt::matrix_inverse(a).eval({{a, singular}}), kiln::LinAlgError,
      Catch::Message("matrix_inverse: the matrix is singular (diagonal entry 1 of its factor is zero)"));
  CHECK_THROWS_MATCHES(
      kt::solve_triangular(a, b).eval({{a, matrix({{1.0, 0.0}, {3.0, 0.0}})}, {b, Array{1.0, 2.0}}}), kiln::LinAlgError,
      Catch::Message("solve_triangular: the matrix is singular (diagonal entry 1 of its factor is zero)"));
  // The reference evaluation raises the same errors as compiled functions.
  CHECK_THROWS_AS(kiln::evaluate({kt::cholesky(a)}, {{a, indefinite}}), kiln::LinAlgError);
  // A constant that is not positive definite is not folded away: the call raises.
  CHECK_THROWS_AS(kiln::function({}, kt::cholesky(kt::constant(indefinite)))(), kiln::LinAlgError);
}

// Linear algebra lowered as calls of the runtime's LAPACK/BLAS entry points (jit/lower/linalg.cpp)
// in both tiers: each op gives kiln::evaluate's values on the first calls (step by step) and
// the specialized ones, with no reference perform, reads strided (transposed) operands, and a
// bad matrix raises the op's LinAlgError from the generated code, in both tiers. float32 and
// integer matrices go the same way, read as float64 by the entries.
#include "jit_test_support.hpp"
#include "support/log_capture.hpp"

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::Var;
using namespace kiln::jit_test;

namespace {

const Array kSpd{{4.0, 1.0, 0.5}, {1.0, 3.0, 0.2}, {0.5, 0.2, 2.0}};
const Array kGeneral{{1.5, -0.3, 0.8}, {0.4, 2.0, -1.1}, {-0.7, 0.6, 1.2}};
const Array kRhs{{0.3, -1.0}, {0.8, 0.1}, {-0.5, 0.6}};

}  // namespace

TEST_CASE("linear algebra ops run as runtime calls in both tiers, with strided operands", "[jit][linalg]") {
  Var a = kt::matrix("a"), b = kt::vector("b"), m = kt::matrix("m");
  kiln::testing::LogCapture log("jit");
  check_tiers({a}, {kt::cholesky(a), kt::cholesky(a, false)}, {kSpd}, "cholesky");
  check_tiers({a}, {kt::cholesky(kt::transpose(a))}, {kSpd}, "cholesky of a transposed view");
  check_tiers({a, b}, {kt::solve_triangular(kt::tril(a), b), kt::solve_triangular(a, b, false, true)},
              {kGeneral, Array{1.0, -2.0, 0.5}}, "solve_triangular");
  check_tiers({a, m}, {kt::solve(a, m), kt::solve(kt::transpose(a), kt::transpose(kt::transpose(m)))}, {kGeneral, kRhs},
              "solve");
  check_tiers({a}, {kt::matrix_inverse(a), kt::det(a), kt::slogdet(a).first, kt::slogdet(a).second}, {kGeneral},
              "inverse, det");
  check_tiers({a}, {kt::eigh(a).first, kt::eigh(a).second}, {kSpd}, "eigh");
  check_tiers({a}, {kt::triu(a), kt::diag(kt::diagonal(a))}, {kGeneral}, "triu, diagonal");
  const std::string text = log.text();
  for (const char* op : {"Cholesky", "SolveTriangular", "Solve", "MatrixInverse", "Det", "SLogDet", "Eigh", "Tril",
                         "Triu", "ExtractDiag", "AllocDiag"})
    CHECK(text.find(std::string("no native lowering for ") + op) == std::string::npos);
}

TEST_CASE("a matrix LAPACK rejects raises the op's LinAlgError from generated code in both tiers", "[jit][linalg]") {
  Var a = kt::matrix("a"), b = kt::vector("b");
  kiln::Function chol = kiln::function({a}, {kt::cholesky(a), kt::sum(a)});
  kiln::Function solve = kiln::function({a, b}, {kt::solve(a, b), kt::sum(b)});
  const Array indefinite{{1.0, 2.0}, {2.0, 1.0}}, singular{{1.0, 2.0}, {2.0, 4.0}};
  for (int call = 0; call < 3; ++call) {
    INFO("call " << call);
    chol.call_positional({Array{{2.0, 0.5}, {0.5, 1.0}}});  // specializes to (2, 2)
    CHECK_THROWS_MATCHES(chol.call_positional({indefinite}), kiln::LinAlgError,
                         Catch::Message("cholesky: the matrix is not positive definite (the leading minor of order 2 "
                                        "is not positive)"));
    solve.call_positional({Array{{2.0, 0.5}, {0.5, 1.0}}, Array{1.0, 1.0}});
    CHECK_THROWS_MATCHES(solve.call_positional({singular, Array{1.0, 1.0}}), kiln::LinAlgError,
                         Catch::Message("solve: the matrix is singular (diagonal entry 1 of its factor is zero)"));
  }
}

TEST_CASE("linear algebra of float32 and integer matrices runs natively: LAPACK operands are read as float64",
          "[jit][linalg]") {
  // The ops' outputs are float64 whatever their inputs (the reference converts with astype), and
  // the runtime entries convert while they gather, so no dtype falls back to a perform.
  Var a32 = kt::matrix("a32", kiln::DType::float32), b32 = kt::vector("b32", kiln::DType::float32);
  Var ai = kt::matrix("ai", kiln::DType::int64), bi = kt::vector("bi", kiln::DType::int32);
  const Array spd32 = kSpd.astype(kiln::DType::float32), general32 = kGeneral.astype(kiln::DType::float32);
  const Array spd_int = Array{{4.0, 1.0, 0.0}, {1.0, 3.0, 1.0}, {0.0, 1.0, 2.0}}.astype(kiln::DType::int64);
  const Array rhs_int = Array{1.0, -2.0, 3.0}.astype(kiln::DType::int32);
  kiln::testing::LogCapture log("jit");
  check_tiers({a32}, {kt::cholesky(a32), kt::matrix_inverse(a32), kt::det(a32), kt::eigh(a32).first}, {spd32},
              "float32: cholesky, inverse, det, eigh");
  check_tiers({a32, b32}, {kt::solve(a32, b32), kt::solve_triangular(a32, b32)},
              {general32, Array{1.0, -2.0, 0.5}.astype(kiln::DType::float32)}, "float32: solve, solve_triangular");
  check_tiers({ai}, {kt::cholesky(ai), kt::slogdet(ai).second, kt::matrix_inverse(kt::transpose(ai))}, {spd_int},
              "int64: cholesky, slogdet, inverse of a transposed view");
  check_tiers({ai, bi}, {kt::solve(ai, bi), kt::solve_triangular(ai, bi, false)}, {spd_int, rhs_int},
              "int64 with an int32 right-hand side: solve, solve_triangular");
  check_tiers({ai}, {kt::tril(ai), kt::triu(ai), kt::diag(kt::diagonal(ai))}, {spd_int}, "int64: tril, triu, diagonal");
  check_tiers({a32}, {kt::tril(a32), kt::diag(kt::diagonal(a32))}, {general32}, "float32: tril, diagonal");
  const std::string text = log.text();
  for (const char* op : {"Cholesky", "SolveTriangular", "Solve", "MatrixInverse", "Det", "SLogDet", "Eigh", "Tril",
                         "Triu", "ExtractDiag", "AllocDiag"})
    CHECK(text.find(std::string("no native lowering for ") + op) == std::string::npos);
}

TEST_CASE("solve_triangular reads a row-major or transposed triangle in place, for each triangle and transpose",
          "[jit][linalg]") {
  // The entry solves in the output when the triangle is float64 and dense either way round
  // (a transposed one is the other triangle, solved transposed) and the output overlaps no
  // operand; other layouts go through its scratch. Both must give the reference's values.
  Var a = kt::matrix("a"), m = kt::matrix("m"), mt = kt::matrix("mt"), b = kt::vector("b");
  const Array rhs_t{{0.3, 0.8, -0.5}, {-1.0, 0.1, 0.6}};
  for (bool lower : {true, false})
    for (bool trans : {false, true}) {
      INFO("lower " << lower << ", trans " << trans);
      check_tiers({a, m, mt, b},
                  {kt::solve_triangular(a, m, lower, trans), kt::solve_triangular(kt::transpose(a), m, lower, trans),
                   kt::solve_triangular(a, kt::transpose(mt), lower, trans),
                   kt::solve_triangular(kt::transpose(a), b, lower, trans),
                   kt::solve_triangular(kt::cholesky(kt::dot(a, kt::transpose(a))), m, lower, trans),
                   kt::solve_triangular(a, kt::solve_triangular(a, m, lower, trans), lower, trans)},
                  {kGeneral, kRhs, rhs_t, Array{1.0, -2.0, 0.5}}, "solve_triangular");
    }
}

TEST_CASE("a zero on a triangle's diagonal raises LinAlgError and leaves the caller's output unwritten",
          "[jit][linalg]") {
  Var a = kt::matrix("a"), m = kt::matrix("m");
  kiln::Function f = kiln::function({a, m}, {kt::solve_triangular(a, m)});
  const Array good{{2.0, 0.0}, {0.5, 1.0}}, zero{{2.0, 0.0}, {0.5, 0.0}}, rhs{{1.0, 2.0}, {3.0, 4.0}};
  for (int call = 0; call < 3; ++call) {  // step by step, then specialized to (2, 2)
    INFO("call " << call);
    Array out = Array::zeros(kiln::DType::float64, {2, 2});
    f.call_into({out}, good, rhs);
    CHECK(out.get_as_double(3) == Approx(4.0 - 0.5 * 1.0));  // x[1, 1] = (4 - 0.5 x[0, 1]) / 1, x[0, 1] = 2 / 2
    Array untouched = Array::full(kiln::DType::float64, {2, 2}, 7.0);
    CHECK_THROWS_MATCHES(
        f.call_into({untouched}, zero, rhs), kiln::LinAlgError,
        Catch::Message("solve_triangular: the matrix is singular (diagonal entry 1 of its factor is zero)"));
    for (std::int64_t i = 0; i < 4; ++i) CHECK(untouched.get_as_double(i) == 7.0);
  }
}

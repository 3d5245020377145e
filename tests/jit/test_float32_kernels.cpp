// float32 graphs compute in float32 in the generated code (float arithmetic, float libm and
// libmvec's float variants), as NumPy and PyTensor do; reductions still accumulate in double.
#include "jit_test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kt = kiln::tensor;
using kiln::Array;
using kiln::DType;
using kiln::Var;
using namespace kiln::jit_test;

namespace {

// The optimized IR of every module compiled while `compile` runs (KILN_DUMP_IR).
std::string optimized_ir_of(const std::function<void()>& compile) {
  auto dir = std::filesystem::temp_directory_path() / ("kiln_f32_ir_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ::setenv("KILN_DUMP_IR", dir.c_str(), 1);
  compile();
  ::unsetenv("KILN_DUMP_IR");
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().string().find(".opt.ll") == std::string::npos) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    all += text.str();
  }
  std::filesystem::remove_all(dir);
  return all;
}

}  // namespace

TEST_CASE("float32 log(x + y) computes in float32 and agrees with NumPy's float32 values") {
  Var x = kt::vector("x", DType::float32), y = kt::vector("y", DType::float32);
  Array xs = Array(std::vector<float>{0.5f, 1.5f, 3.25f, 1e-3f, 100.0f, 7.0f});
  Array ys = Array(std::vector<float>{0.25f, 2.0f, 1e-4f, 2e-3f, 0.5f, -6.5f});
  std::optional<kiln::Function> f;
  std::string ir = optimized_ir_of([&] { f = kiln::function({x, y}, kt::log(x + y)); });
  // The vectorized loop adds floats and calls libmvec's float log (or llvm.log.f32); no double.
  CHECK_THAT(ir, Catch::Contains("fadd <") && Catch::Contains("x float>"));
  CHECK_THAT(ir, Catch::Contains("_logf") || Catch::Contains("llvm.log.f32") || Catch::Contains("@logf"));
  CHECK_THAT(ir, !Catch::Contains("fpext"));
  // np.log(x + y) in float32 (NumPy 1.24): within one float32 ulp, each call and tier.
  const std::vector<double> numpy = {-0.28768208622932434, 1.252763032913208, 1.1786856651306152,
                                     -5.80914306640625,    4.610157489776611, -0.6931471824645996};
  for (int call = 0; call < 3; ++call) {
    Array got = (*f)(xs, ys);
    REQUIRE(got.dtype() == DType::float32);
    for (std::int64_t i = 0; i < got.size(); ++i) {
      INFO("call " << call << " element " << i);
      CHECK(close(got.get_as_double(i), numpy[static_cast<std::size_t>(i)], DType::float32, 1.0));
    }
  }
}

TEST_CASE("float32 nodes that read float64 or int32 values round them through double first, as the reference") {
  // cast(v, float32) * 3 of a float64 v and of an int32 i > 2^24: the reference's
  // static_cast<float>(double) per node.
  Var v = kt::vector("v"), i = kt::vector("i", DType::int32);
  Var out = kt::cast(v, DType::float32) * 3.0f + kt::cast(i, DType::float32);
  std::vector<Array> values{Array{0.1, 1e-40, -3e38, NAN}, Array(std::vector<std::int32_t>{16777217, -3, 2147483647, 0})};
  check_against_reference({v, i}, {out}, values, 0.0, "float32 casts");
}

TEST_CASE("float32 sums of float32 terms accumulate in double, as the reference") {
  Var x = kt::vector("x", DType::float32);
  Array xs = Array::full(DType::float32, {100001}, 0.1);
  check_against_reference({x}, {kt::sum(kt::exp(x) * 2.0f)}, {xs}, 4.0, "float32 sum");
}

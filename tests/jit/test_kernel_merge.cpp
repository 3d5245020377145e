// Kernels with several reduced outputs, and merge_kernels: built as KernelSpecs directly,
// compiled with compile_kernels and called through the KernelFn ABI. A multi-output kernel
// must give each output the bits its single-output kernel gives.
#include "jit/engine.hpp"
#include "jit/kernel_spec.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace kt = kiln::tensor;
namespace jit = kiln::jit;
using kiln::DType;
using kt::ReduceKind;
using kt::ScalarOp;

namespace {

constexpr DType f64 = DType::float64;

jit::KernelNode node(ScalarOp op, std::vector<int> args) { return {op, std::move(args), f64, f64, false}; }

// Inputs {y, c, e} (c and e static scalars) and the nodes
//   3: y - c   4: sqr(y - c)   5: log(y)   6: (y - c) * e   7: c + (y - c) * e
// reduced into `outputs` (references) with `kinds` over `axes`.
jit::KernelSpec three_input_spec(std::vector<int> outputs, std::vector<ReduceKind> kinds, std::vector<bool> axes) {
  jit::KernelSpec spec;
  spec.ndim = static_cast<int>(axes.size());
  spec.inputs = {{f64, false}, {f64, true}, {f64, true}};
  spec.nodes = {node(ScalarOp::sub, {0, 1}), node(ScalarOp::sqr, {3}), node(ScalarOp::log, {0}),
                node(ScalarOp::mul, {3, 2}), node(ScalarOp::add, {1, 6})};
  spec.output_dtypes.assign(outputs.size(), f64);
  spec.outputs = std::move(outputs);
  spec.reduce = jit::KernelReduce{std::move(kinds), std::move(axes), false};
  return spec;
}

// The single-output kernel of output o of `spec`.
jit::KernelSpec single(const jit::KernelSpec& spec, std::size_t o) {
  jit::KernelSpec one = spec;
  one.outputs = {spec.outputs[o]};
  one.output_dtypes = {spec.output_dtypes[o]};
  if (spec.reduce) one.reduce->kinds = {spec.reduce->kinds[o]};
  return one;
}

std::shared_ptr<const jit::CompiledModule> compile(const std::vector<jit::KernelSpec>& specs) {
  static int counter = 0;
  return jit::compile_kernels(specs, "kiln_merge_test" + std::to_string(counter++));
}

std::vector<double> data(std::int64_t n, bool with_nan = false) {
  std::vector<double> y(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i)
    y[static_cast<std::size_t>(i)] = 1.0 + 0.5 * std::sin(0.37 * static_cast<double>(i));
  if (with_nan && n > 7) y[7] = NAN;
  return y;
}

// Equal bits, or both NaN (whose payloads the kernels need not agree on).
bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void check_same(const std::vector<double>& got, const std::vector<double>& want, const std::string& what) {
  INFO(what);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i << ": " << got[i] << " vs " << want[i]);
    CHECK(same(got[i], want[i]));
  }
}

// Runs the flat variant of kernel `k`: `outputs` reduced values (or n-element arrays), `inputs` data pointers.
std::vector<std::vector<double>> run_flat(const jit::CompiledModule& code, std::size_t k, std::size_t outputs,
                                          std::size_t out_size, const std::vector<const double*>& inputs,
                                          std::int64_t n) {
  std::vector<std::vector<double>> out(outputs, std::vector<double>(out_size, -7.0));
  std::vector<void*> pointers;
  for (auto& o : out) pointers.push_back(o.data());
  for (const double* in : inputs) pointers.push_back(const_cast<double*>(in));
  std::int64_t dims[] = {n};
  code.flat(k)(pointers.data(), dims);
  return out;
}

// A 2-D strided call: shape {rows, cols}, every output of `out_size` elements with strides
// `out_strides`, then the inputs {y (strides y_strides), c, e}.
std::vector<std::vector<double>> run_strided(const jit::CompiledModule& code, std::size_t k, std::size_t outputs,
                                             std::size_t out_size, std::vector<std::int64_t> out_strides,
                                             const std::vector<const double*>& inputs, std::vector<std::int64_t> shape,
                                             std::vector<std::int64_t> y_strides) {
  std::vector<std::vector<double>> out(outputs, std::vector<double>(out_size, -7.0));
  std::vector<void*> pointers;
  for (auto& o : out) pointers.push_back(o.data());
  for (const double* in : inputs) pointers.push_back(const_cast<double*>(in));
  std::vector<std::int64_t> dims = shape;
  for (std::size_t o = 0; o < outputs; ++o) dims.insert(dims.end(), out_strides.begin(), out_strides.end());
  dims.insert(dims.end(), y_strides.begin(), y_strides.end());
  for (std::size_t s = 0; s < 2 * shape.size(); ++s) dims.push_back(0);  // c and e: broadcast scalars
  code.strided(k)(pointers.data(), dims.data());
  return out;
}

struct Mix {
  std::vector<int> outputs;
  std::vector<ReduceKind> kinds;
};

const std::vector<Mix> kMixes = {
    {{4, 5, 7}, {ReduceKind::sum, ReduceKind::max, ReduceKind::prod}},
    {{7, 3, 5}, {ReduceKind::prod, ReduceKind::min, ReduceKind::sum}},
    {{4, 5, 3}, {ReduceKind::sum, ReduceKind::sum, ReduceKind::sum}},
    {{5, 5, 7}, {ReduceKind::sum, ReduceKind::max, ReduceKind::prod}},  // one reference, two kinds
    {{4, 3, 5}, {ReduceKind::max, ReduceKind::any, ReduceKind::all}},
};

std::string describe(const Mix& mix) {
  std::string s;
  for (std::size_t o = 0; o < mix.outputs.size(); ++o)
    s += std::string(kt::reduce_name(mix.kinds[o])) + "(" + std::to_string(mix.outputs[o]) + ") ";
  return s;
}

}  // namespace

TEST_CASE("a three-output full reduction gives each output the bits of its single kernel") {
  const double c = 1.0, e = 1e-4;
  for (const Mix& mix : kMixes) {
    jit::KernelSpec multi = three_input_spec(mix.outputs, mix.kinds, {true});
    auto code = compile({multi, single(multi, 0), single(multi, 1), single(multi, 2)});
    for (std::int64_t n : {0, 1, 15, 16, 17, 1000, 100003}) {
      for (bool with_nan : {false, true}) {
        std::vector<double> y = data(n, with_nan);
        std::vector<const double*> inputs = {y.data(), &c, &e};
        auto got = run_flat(*code, 0, 3, 1, inputs, n);
        for (std::size_t o = 0; o < 3; ++o)
          check_same(got[o], run_flat(*code, 1 + o, 1, 1, inputs, n)[0],
                     describe(mix) + "output " + std::to_string(o) + " n=" + std::to_string(n) +
                         (with_nan ? " with NaN" : ""));
      }
    }
  }
}

TEST_CASE("a three-output full sum adds like a sequential loop, up to rounding") {
  const double c = 1.0, e = 1e-4;
  jit::KernelSpec multi = three_input_spec({4, 5, 7}, {ReduceKind::sum, ReduceKind::sum, ReduceKind::sum}, {true});
  auto code = compile({multi});
  std::vector<double> y = data(1000);
  auto got = run_flat(*code, 0, 3, 1, {y.data(), &c, &e}, 1000);
  double want[3] = {0, 0, 0};
  for (double v : y) {
    want[0] += (v - c) * (v - c);
    want[1] += std::log(v);
    want[2] += c + (v - c) * e;
  }
  for (std::size_t o = 0; o < 3; ++o) CHECK(got[o][0] == Approx(want[o]).epsilon(1e-12));
}

TEST_CASE("a three-output strided reduction gives each output the bits of its single kernel") {
  const double c = 1.0, e = 1e-4;
  for (const Mix& mix : kMixes) {
    for (std::vector<bool> axes : {std::vector<bool>{false, true}, {true, false}, {true, true}}) {
      jit::KernelSpec multi = three_input_spec(mix.outputs, mix.kinds, axes);
      auto code = compile({multi, single(multi, 0), single(multi, 1), single(multi, 2)});
      for (auto [rows, cols] : {std::pair<std::int64_t, std::int64_t>{0, 5}, {3, 0}, {1, 1}, {4, 17}, {7, 33}}) {
        std::vector<double> y = data(rows * cols, true);
        std::vector<const double*> inputs = {y.data(), &c, &e};
        // The result: rows (axis 1 reduced), cols (axis 0 reduced) or one element.
        std::size_t out_size =
            axes[0] ? (axes[1] ? 1 : static_cast<std::size_t>(cols)) : static_cast<std::size_t>(rows);
        std::vector<std::int64_t> out_strides = {axes[0] ? 0 : 1, axes[1] ? 0 : 1};
        // y as a row-major matrix and as the transpose of a row-major cols x rows one.
        for (std::vector<std::int64_t> y_strides : {std::vector<std::int64_t>{cols, 1}, {1, rows}}) {
          auto got = run_strided(*code, 0, 3, out_size, out_strides, inputs, {rows, cols}, y_strides);
          for (std::size_t o = 0; o < 3; ++o)
            check_same(got[o], run_strided(*code, 1 + o, 1, out_size, out_strides, inputs, {rows, cols}, y_strides)[0],
                       describe(mix) + "output " + std::to_string(o) + " axes " + std::to_string(axes[0]) +
                           std::to_string(axes[1]) + " shape " + std::to_string(rows) + "x" + std::to_string(cols) +
                           " y strides " + std::to_string(y_strides[0]) + "," + std::to_string(y_strides[1]));
        }
      }
    }
  }
}

TEST_CASE("the kernel key encodes each output's reduction kind") {
  jit::KernelSpec a = three_input_spec({4, 5}, {ReduceKind::sum, ReduceKind::max}, {true});
  jit::KernelSpec b = three_input_spec({4, 5}, {ReduceKind::max, ReduceKind::sum}, {true});
  std::string key_a, key_b, key_a2;
  a.append_key(key_a);
  b.append_key(key_b);
  a.append_key(key_a2);
  CHECK(key_a != key_b);
  CHECK(key_a == key_a2);
}

namespace {

// Caller ids of the values the merge tests share.
enum Id : int { y_id = 10, mu_id = 11, s_id = 12, w_id = 13 };

// sum(sqr((y - mu) * s)) over inputs {y, mu, s}.
jit::KernelSpec sum_sqr_scaled() {
  jit::KernelSpec spec;
  spec.ndim = 1;
  spec.inputs = {{f64, false}, {f64, true}, {f64, true}};
  spec.nodes = {node(ScalarOp::sub, {0, 1}), node(ScalarOp::mul, {3, 2}), node(ScalarOp::sqr, {4})};
  spec.outputs = {5};
  spec.output_dtypes = {f64};
  spec.reduce = jit::KernelReduce{{ReduceKind::sum}, {true}, false};
  return spec;
}

// sum((y - mu) * s * w) over inputs {s, y, w, mu}: the same (y - mu) * s, its inputs in
// another order.
jit::KernelSpec sum_weighted() {
  jit::KernelSpec spec;
  spec.ndim = 1;
  spec.inputs = {{f64, true}, {f64, false}, {f64, false}, {f64, true}};
  spec.nodes = {node(ScalarOp::sub, {1, 3}), node(ScalarOp::mul, {4, 0}), node(ScalarOp::mul, {5, 2})};
  spec.outputs = {6};
  spec.output_dtypes = {f64};
  spec.reduce = jit::KernelReduce{{ReduceKind::sum}, {true}, false};
  return spec;
}

// max(y): a Reduce kernel (no nodes; its output is its input).
jit::KernelSpec max_of_input() {
  jit::KernelSpec spec;
  spec.ndim = 1;
  spec.inputs = {{f64, false}};
  spec.outputs = {0};
  spec.output_dtypes = {f64};
  spec.reduce = jit::KernelReduce{{ReduceKind::max}, {true}, true};
  return spec;
}

// The data pointers of a kernel's operands, by caller id.
std::vector<const double*> pointers_of(const std::vector<int>& operands, const std::map<int, const double*>& values) {
  std::vector<const double*> pointers;
  for (int id : operands) pointers.push_back(values.at(id));
  return pointers;
}

}  // namespace

TEST_CASE("merging two reductions with shared inputs computes their common nodes once") {
  jit::KernelSpec a = sum_sqr_scaled(), b = sum_weighted();
  std::vector<jit::KernelPart> parts = {{&a, {y_id, mu_id, s_id}}, {&b, {s_id, y_id, w_id, mu_id}}};
  auto merged = jit::merge_kernels(parts);
  REQUIRE(merged);
  CHECK(merged->operands == std::vector<int>{y_id, mu_id, s_id, w_id});
  CHECK(merged->spec.nodes.size() == 4);  // y - mu and (y - mu) * s once, sqr, * w
  CHECK(merged->outputs == std::vector<std::pair<int, int>>{{0, 0}, {1, 0}});
  REQUIRE(merged->spec.reduce);
  CHECK(merged->spec.reduce->kinds == std::vector<ReduceKind>{ReduceKind::sum, ReduceKind::sum});

  auto code = compile({merged->spec, a, b});
  const double mu = 0.75, s = 1.5;
  for (std::int64_t n : {0, 1, 17, 1000, 100003}) {
    std::vector<double> y = data(n), w = data(n);
    for (double& v : w) v = 2.0 - v;
    std::map<int, const double*> values = {{y_id, y.data()}, {mu_id, &mu}, {s_id, &s}, {w_id, w.data()}};
    auto got = run_flat(*code, 0, 2, 1, pointers_of(merged->operands, values), n);
    INFO("n=" << n);
    check_same(got[0], run_flat(*code, 1, 1, 1, pointers_of(parts[0].operands, values), n)[0], "sum of squares");
    check_same(got[1], run_flat(*code, 2, 1, 1, pointers_of(parts[1].operands, values), n)[0], "weighted sum");
  }
}

TEST_CASE("merging three reductions of different kinds matches running them separately") {
  jit::KernelSpec a = sum_sqr_scaled(), b = sum_weighted(), c = max_of_input();
  a.reduce->empty_is_error = b.reduce->empty_is_error = true;  // as the Reduce kernel's max
  std::vector<jit::KernelPart> parts = {{&a, {y_id, mu_id, s_id}}, {&b, {s_id, y_id, w_id, mu_id}}, {&c, {y_id}}};
  auto merged = jit::merge_kernels(parts);
  REQUIRE(merged);
  CHECK(merged->spec.inputs.size() == 4);
  CHECK(merged->spec.nodes.size() == 4);
  CHECK(merged->spec.outputs.back() == 0);  // max reads y, merged input 0, directly
  CHECK(merged->outputs == std::vector<std::pair<int, int>>{{0, 0}, {1, 0}, {2, 0}});
  CHECK(merged->spec.reduce->kinds == std::vector<ReduceKind>{ReduceKind::sum, ReduceKind::sum, ReduceKind::max});

  auto code = compile({merged->spec, a, b, c});
  const double mu = 0.75, s = 1.5;
  for (std::int64_t n : {1, 16, 1000, 100003}) {
    std::vector<double> y = data(n, true), w = data(n);
    std::map<int, const double*> values = {{y_id, y.data()}, {mu_id, &mu}, {s_id, &s}, {w_id, w.data()}};
    auto got = run_flat(*code, 0, 3, 1, pointers_of(merged->operands, values), n);
    INFO("n=" << n);
    for (std::size_t j = 0; j < 3; ++j) {
      auto want = run_flat(*code, 1 + j, 1, 1, pointers_of(parts[j].operands, values), n)[0];
      check_same(got[j], want, "part " + std::to_string(j));
    }
    // The strided variant over the same contiguous data: one loop, same bits.
    std::vector<void*> pointers = {got[0].data(), got[1].data(), got[2].data()};
    for (const double* p : pointers_of(merged->operands, values)) pointers.push_back(const_cast<double*>(p));
    std::vector<std::int64_t> dims = {n, 0, 0, 0, 1, 0, 0, 1};
    code->strided(0)(pointers.data(), dims.data());
    for (std::size_t j = 0; j < 3; ++j) {
      auto want = run_flat(*code, 1 + j, 1, 1, pointers_of(parts[j].operands, values), n)[0];
      if (j == 2 || std::isnan(want[0]))
        check_same(got[j], want, "strided part " + std::to_string(j));
      else
        CHECK(got[j][0] == Approx(want[0]).epsilon(1e-12));  // the sums add in another order
    }
  }
}

TEST_CASE("merging elementwise kernels writes every part's outputs") {
  // (y - mu) * s, and exp(y - mu) with a second output y - mu: one subtraction.
  jit::KernelSpec scaled;
  scaled.ndim = 1;
  scaled.inputs = {{f64, false}, {f64, true}, {f64, true}};
  scaled.nodes = {node(ScalarOp::sub, {0, 1}), node(ScalarOp::mul, {3, 2})};
  scaled.outputs = {4};
  scaled.output_dtypes = {f64};
  jit::KernelSpec shifted;
  shifted.ndim = 1;
  shifted.inputs = {{f64, true}, {f64, false}};
  shifted.nodes = {node(ScalarOp::sub, {1, 0}), node(ScalarOp::exp, {2})};
  shifted.outputs = {3, 2};
  shifted.output_dtypes = {f64, f64};
  std::vector<jit::KernelPart> parts = {{&scaled, {y_id, mu_id, s_id}}, {&shifted, {mu_id, y_id}}};
  auto merged = jit::merge_kernels(parts);
  REQUIRE(merged);
  CHECK_FALSE(merged->spec.reduce);
  CHECK(merged->spec.nodes.size() == 3);
  CHECK(merged->outputs == std::vector<std::pair<int, int>>{{0, 0}, {1, 0}, {1, 1}});

  auto code = compile({merged->spec, scaled, shifted});
  const double mu = 0.75, s = 1.5;
  const std::int64_t n = 1003;
  std::vector<double> y = data(n);
  std::map<int, const double*> values = {{y_id, y.data()}, {mu_id, &mu}, {s_id, &s}};
  const auto size = static_cast<std::size_t>(n);
  auto got = run_flat(*code, 0, 3, size, pointers_of(merged->operands, values), n);
  auto want_scaled = run_flat(*code, 1, 1, size, pointers_of(parts[0].operands, values), n);
  auto want_shifted = run_flat(*code, 2, 2, size, pointers_of(parts[1].operands, values), n);
  check_same(got[0], want_scaled[0], "(y - mu) * s");
  check_same(got[1], want_shifted[0], "exp(y - mu)");
  check_same(got[2], want_shifted[1], "y - mu");
}

TEST_CASE("merged inputs are one input only when id, dtype and scalar flag agree") {
  jit::KernelSpec a = sum_sqr_scaled(), b = sum_sqr_scaled();
  b.inputs[1].scalar = false;  // mu: a full array in b
  auto merged = jit::merge_kernels({{&a, {y_id, mu_id, s_id}}, {&b, {y_id, mu_id, s_id}}});
  REQUIRE(merged);
  CHECK(merged->operands == std::vector<int>{y_id, mu_id, s_id, mu_id});
  CHECK(merged->spec.nodes.size() == 6);  // nothing over mu is shared; sqr differs too

  auto same_part = jit::merge_kernels({{&a, {y_id, mu_id, s_id}}, {&a, {y_id, mu_id, s_id}}});
  REQUIRE(same_part);
  CHECK(same_part->spec.inputs.size() == 3);
  CHECK(same_part->spec.nodes.size() == 3);
  CHECK(same_part->spec.outputs == std::vector<int>{5, 5});
}

TEST_CASE("an elementwise kernel joins a full reduction: its outputs are stored, element by element") {
  jit::KernelSpec reducing = sum_sqr_scaled();
  jit::KernelSpec elementwise = reducing;
  elementwise.reduce.reset();
  std::vector<int> ops = {y_id, mu_id, s_id};
  auto merged = jit::merge_kernels({{&reducing, ops}, {&elementwise, ops}});
  REQUIRE(merged);
  REQUIRE(merged->spec.reduce);
  CHECK(merged->spec.reduce->stored == std::vector<bool>{false, true});
  CHECK(merged->spec.outputs.size() == 2);
}

TEST_CASE("kernels that cannot share one loop are not merged") {
  jit::KernelSpec reducing = sum_sqr_scaled();
  std::vector<int> ops = {y_id, mu_id, s_id};
  auto refused = [&](const jit::KernelSpec& other, const std::string& why) {
    INFO(why);
    CHECK_FALSE(jit::merge_kernels({{&reducing, ops}, {&other, ops}}));
  };
  jit::KernelSpec partial = reducing;
  partial.ndim = 2;
  partial.reduce->axes = {true, false};
  jit::KernelSpec elementwise_matrix = partial;
  elementwise_matrix.reduce.reset();
  INFO("one reduces over some axes, the other does not reduce");
  CHECK_FALSE(jit::merge_kernels({{&partial, ops}, {&elementwise_matrix, ops}}));

  jit::KernelSpec matrix = reducing;
  matrix.ndim = 2;
  matrix.reduce->axes = {true, true};
  refused(matrix, "different ndim");

  jit::KernelSpec erroring = reducing;
  erroring.reduce->empty_is_error = true;
  refused(erroring, "different empty_is_error");

  jit::KernelSpec rows = matrix, cols = matrix;
  rows.reduce->axes = {false, true};
  cols.reduce->axes = {true, false};
  CHECK_FALSE(jit::merge_kernels({{&rows, ops}, {&cols, ops}}));
  CHECK(jit::merge_kernels({{&rows, ops}, {&rows, ops}}));

  CHECK_FALSE(jit::merge_kernels({}));
}

TEST_CASE("merge_kernels rejects a part whose operands do not match its inputs") {
  jit::KernelSpec a = sum_sqr_scaled();
  CHECK_THROWS_WITH(jit::merge_kernels({{&a, {y_id, mu_id, s_id}}, {&a, {y_id, mu_id}}}),
                    "merge_kernels: part 1 has 2 operands for 3 inputs");
}

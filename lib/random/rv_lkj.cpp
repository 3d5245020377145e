// LKJCorr and LKJCholeskyCov draws, as PyMC's rng_fn: the onion method builds an upper
// triangular P with unit columns, C = P'P is the correlation matrix; LKJCorr keeps C's upper
// triangle, LKJCholeskyCov the Cholesky factor of diag(sd) C diag(sd), packed row by row.
#include "random/rv_matrix.hpp"

#include "random/distributions.hpp"
#include "random/parameter_checks.hpp"
#include "random/rv_batch_draw.hpp"
#include "random/rv_draws.hpp"

#include <kiln/errors.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiln::random {

namespace {

std::size_t at(std::int64_t i) { return static_cast<std::size_t>(i); }

// n from the op's first param: a constant when building, the value when drawing.
std::optional<std::int64_t> static_n(const Var& n) {
  if (!n.is_constant()) return std::nullopt;
  return n.constant_value().get_as_int(0);
}

void check_n_eta(const char* rv, const Array& n, const Array& eta) {
  for (std::int64_t i = 0; i < n.size(); ++i)
    if (n.get_as_int(i) != n.get_as_int(0)) throw_parameter_error(rv, "n must be the same for every draw", "");
  if (n.size() > 0 && n.get_as_int(0) < 2)
    throw_parameter_error(rv, "n < 2", "n = " + format_parameter(n.get_as_int(0)));
  for (std::int64_t i = 0; i < eta.size(); ++i)
    if (!(eta.get_as_double(i) > 0)) throw_parameter_error(rv, "eta <= 0", "eta = " + format_parameter(eta.get_as_double(i)));
}

std::vector<double> batch_eta(const Array& eta, std::int64_t count) {
  std::vector<double> out(at(count));
  for (std::int64_t b = 0; b < count; ++b) out[at(b)] = eta.get_as_double(b);
  return out;
}

// ---- The batch-draw entries (rv_batch_draw.hpp): lkj_corr_matrices's phases as passes over the
// batch (the r12 betas, then per column a round of betas and a round of normals, then each
// element's product), every element's P kept in a thread's scratch between passes.
struct Onion {
  std::int64_t n = 0, column = 1;  // the column the current round fills (mp1)
  std::vector<double> P, shape, y, z, corr;
};

Onion& onion() {
  thread_local Onion o;
  return o;
}

double& onion_p(Onion& o, std::int64_t b, std::int64_t i, std::int64_t j) { return o.P[at((b * o.n + i) * o.n + j)]; }

std::int32_t lkj_start(GeneratorState* s, const void*, void*, std::int64_t, std::int64_t, std::int64_t b,
                       const DrawParam* params) {
  Onion& o = onion();
  const std::int64_t n = param_int(params[0], 0);
  const double eta = param_real(params[1], 0);
  if (b == 0) {
    o.n = n;
    o.column = 1;
  }
  if (n != o.n || n < 2 || !(eta > 0)) return draw_bad_parameters;
  o.P.resize(std::max(o.P.size(), at((b + 1) * n * n)));
  o.shape.resize(std::max(o.shape.size(), at(b + 1)));
  o.y.resize(o.shape.size());
  std::fill_n(o.P.begin() + b * n * n, n * n, 0.0);
  for (std::int64_t i = 0; i < n; ++i) onion_p(o, b, i, i) = 1.0;
  o.shape[at(b)] = eta - 1.0 + static_cast<double>(n) / 2.0;
  const double r12 = 2.0 * beta(*s, o.shape[at(b)], o.shape[at(b)]) - 1.0;
  onion_p(o, b, 0, 1) = r12;
  onion_p(o, b, 1, 1) = std::sqrt(1.0 - r12 * r12);
  return draw_done;
}

std::int32_t lkj_betas(GeneratorState* s, const void*, void*, std::int64_t, std::int64_t, std::int64_t b, const DrawParam*) {
  Onion& o = onion();
  if (b == 0) ++o.column;
  o.shape[at(b)] -= 0.5;
  o.y[at(b)] = beta(*s, static_cast<double>(o.column) / 2.0, o.shape[at(b)]);
  return draw_done;
}

std::int32_t lkj_normals(GeneratorState* s, const void*, void*, std::int64_t, std::int64_t, std::int64_t b, const DrawParam*) {
  Onion& o = onion();
  const std::int64_t mp1 = o.column;
  o.z.resize(at(mp1));
  double norm2 = 0.0;
  for (double& v : o.z) v = standard_normal(*s);
  for (double v : o.z) norm2 += v * v;
  const double length = std::sqrt(norm2), root_y = std::sqrt(o.y[at(b)]);
  for (std::int64_t j = 0; j < mp1; ++j) onion_p(o, b, j, mp1) = root_y * (o.z[at(j)] / length);
  onion_p(o, b, mp1, mp1) = std::sqrt(1.0 - o.y[at(b)]);
  return draw_done;
}

// Element b's correlation matrix P'P into the scratch's corr.
double* onion_corr(Onion& o, std::int64_t b) {
  const std::int64_t n = o.n;
  o.corr.resize(at(n * n));
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t k = 0; k < n; ++k) {
      double sum = 0.0;
      for (std::int64_t j = 0; j < n; ++j) sum += onion_p(o, b, j, i) * onion_p(o, b, j, k);
      o.corr[at(i * n + k)] = sum;
    }
  return o.corr.data();
}

std::int32_t lkj_corr_upper(GeneratorState*, const void*, void* out, std::int64_t stride, std::int64_t, std::int64_t b,
                            const DrawParam*) {
  Onion& o = onion();
  const double* c = onion_corr(o, b);
  double* data = static_cast<double*>(out);
  for (std::int64_t i = 0, t = 0; i < o.n; ++i)
    for (std::int64_t j = i + 1; j < o.n; ++j) data[stride * t++] = c[i * o.n + j];
  return draw_done;
}

std::int32_t lkj_cholesky_cov(GeneratorState*, const void*, void* out, std::int64_t stride, std::int64_t, std::int64_t b,
                              const DrawParam* params) {
  Onion& o = onion();
  const std::int64_t n = o.n;
  const DrawParam& sd = params[2];
  if (sd.extents[0] != n) return draw_bad_parameters;
  double* c = onion_corr(o, b);
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n; ++j) c[i * n + j] *= param_real(sd, i * sd.strides[0]) * param_real(sd, j * sd.strides[0]);
  if (!cholesky_lower(c, n)) return draw_not_positive_definite;
  double* data = static_cast<double*>(out);
  for (std::int64_t i = 0, t = 0; i < n; ++i)
    for (std::int64_t j = 0; j <= i; ++j) data[stride * t++] = c[i * n + j];
  return draw_done;
}

std::int64_t onion_rounds(const std::vector<Array>& params) {
  return params[0].size() > 0 ? std::max<std::int64_t>(params[0].get_as_int(0) - 2, 0) : 0;
}

BatchDraw onion_draw(BatchDrawPass last) {
  return {.passes = {{"kiln_rv_lkj_start", &lkj_start}, {"kiln_rv_lkj_betas", &lkj_betas},
                     {"kiln_rv_lkj_normals", &lkj_normals}, last},
          .repeat_begin = 1,
          .repeat_end = 3,
          .rounds = &onion_rounds,
          .value_params = {0}};
}

class LKJCorrRV final : public RandomVariable {
 public:
  LKJCorrRV() : RandomVariable("lkjcorr", 1, {0, 0}, DType::float64, true, {"n", "eta"}) {}

  void check_parameters(const std::vector<Array>& params) const override { check_n_eta("lkjcorr", params[0], params[1]); }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    auto n = static_n(params[0]);
    return {n ? std::optional<std::int64_t>(*n * (*n - 1) / 2) : std::nullopt};
  }
  Shape support_shape(const std::vector<Array>& params) const override {
    const std::int64_t n = params[0].get_as_int(0);
    return {n * (n - 1) / 2};
  }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries = onion_draw({"kiln_rv_lkj_corr", &lkj_corr_upper});
    return &entries;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t n = params[0].get_as_int(0), m = n * (n - 1) / 2;
    const std::int64_t count = m > 0 ? out.size() / m : 0;
    std::vector<double> corr(at(count * n * n));
    lkj_corr_matrices(s, n, batch_eta(params[1], count).data(), count, corr.data());
    double* data = out.data<double>();
    for (std::int64_t b = 0, t = 0; b < count; ++b)
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = i + 1; j < n; ++j) data[t++] = corr[at((b * n + i) * n + j)];
  }
};

class LKJCholeskyCovRV final : public RandomVariable {
 public:
  LKJCholeskyCovRV() : RandomVariable("lkjcholeskycov", 1, {0, 0, 1}, DType::float64, true, {"n", "eta", "D"}) {}

  void check_parameters(const std::vector<Array>& params) const override {
    check_n_eta("lkjcholeskycov", params[0], params[1]);
    const Array& sd = params[2];
    if (sd.ndim() == 0 || sd.shape().back() != params[0].get_as_int(0))
      throw_parameter_error("lkjcholeskycov", "sd_dist must have n entries in its last axis",
                            "shape = " + shape_string(sd.shape()));
  }

 protected:
  StaticShape support_static_shape(const std::vector<Var>& params) const override {
    auto n = static_n(params[0]);
    return {n ? std::optional<std::int64_t>(*n * (*n + 1) / 2) : std::nullopt};
  }
  Shape support_shape(const std::vector<Array>& params) const override {
    const std::int64_t n = params[0].get_as_int(0);
    return {n * (n + 1) / 2};
  }
  const BatchDraw* batch_draw() const override {
    static const BatchDraw entries = onion_draw({"kiln_rv_lkj_cholesky_cov", &lkj_cholesky_cov});
    return &entries;
  }
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override {
    const std::int64_t n = params[0].get_as_int(0), m = n * (n + 1) / 2;
    const std::int64_t count = out.size() / m;
    std::vector<double> cov(at(count * n * n));
    lkj_corr_matrices(s, n, batch_eta(params[1], count).data(), count, cov.data());
    double* data = out.data<double>();
    for (std::int64_t b = 0, t = 0; b < count; ++b) {
      double* c = cov.data() + b * n * n;
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < n; ++j) c[i * n + j] *= params[2].get_as_double(b * n + i) * params[2].get_as_double(b * n + j);
      if (!cholesky_lower(c, n))
        throw_parameter_error("lkjcholeskycov", "the covariance is not positive definite",
                              "draw " + std::to_string(b));
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j <= i; ++j) data[t++] = c[i * n + j];
    }
  }
};

}  // namespace

// PyMC's _random_corr_matrix, vectorized over the batch as it is: every r12 first, then per
// column the beta draws of the whole batch, then its normals.
void lkj_corr_matrices(GeneratorState& s, std::int64_t n, const double* eta, std::int64_t count, double* out) {
  std::vector<double> shape(at(count)), P(at(count * n * n), 0.0);
  auto p = [&](std::int64_t b, std::int64_t i, std::int64_t j) -> double& { return P[at((b * n + i) * n + j)]; };
  for (std::int64_t b = 0; b < count; ++b) {
    for (std::int64_t i = 0; i < n; ++i) p(b, i, i) = 1.0;
    shape[at(b)] = eta[b] - 1.0 + static_cast<double>(n) / 2.0;
  }
  for (std::int64_t b = 0; b < count; ++b) {
    const double r12 = 2.0 * beta(s, shape[at(b)], shape[at(b)]) - 1.0;
    p(b, 0, 1) = r12;
    p(b, 1, 1) = std::sqrt(1.0 - r12 * r12);
  }
  std::vector<double> y(at(count)), z;
  for (std::int64_t mp1 = 2; mp1 < n; ++mp1) {
    for (std::int64_t b = 0; b < count; ++b) {
      shape[at(b)] -= 0.5;
      y[at(b)] = beta(s, static_cast<double>(mp1) / 2.0, shape[at(b)]);
    }
    z.resize(at(count * mp1));
    for (double& v : z) v = standard_normal(s);
    for (std::int64_t b = 0; b < count; ++b) {
      double norm2 = 0.0;
      for (std::int64_t j = 0; j < mp1; ++j) norm2 += z[at(b * mp1 + j)] * z[at(b * mp1 + j)];
      const double length = std::sqrt(norm2), root_y = std::sqrt(y[at(b)]);
      for (std::int64_t j = 0; j < mp1; ++j) p(b, j, mp1) = root_y * (z[at(b * mp1 + j)] / length);
      p(b, mp1, mp1) = std::sqrt(1.0 - y[at(b)]);
    }
  }
  for (std::int64_t b = 0; b < count; ++b)
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t k = 0; k < n; ++k) {
        double sum = 0.0;
        for (std::int64_t j = 0; j < n; ++j) sum += p(b, j, i) * p(b, j, k);
        out[(b * n + i) * n + k] = sum;
      }
}

std::shared_ptr<const RandomVariable> lkj_corr_random_variable() {
  static const auto op = std::make_shared<LKJCorrRV>();
  return op;
}

std::shared_ptr<const RandomVariable> lkj_cholesky_cov_random_variable() {
  static const auto op = std::make_shared<LKJCholeskyCovRV>();
  return op;
}

}  // namespace kiln::random

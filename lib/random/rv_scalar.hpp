// The RandomVariables whose params and draws are scalars (ndim_supp 0, every ndims_params 0):
// one op class driven by a table entry per distribution (rv_scalar_table.cpp) that gives the
// Aesara name, the params with their constraints, and the NumPy-exact draw of one element.
#pragma once

#include "random/rv_op.hpp"

#include <memory>
#include <string_view>
#include <vector>

namespace kiln::random {

enum class Constraint {
  any,
  non_negative,            // NumPy's CONS_NON_NEGATIVE: `x < 0` fails, NaN passes
  positive,                // `x <= 0` fails, NaN passes
  unit_interval,           // [0, 1], NaN fails
  positive_unit_interval,  // (0, 1], NaN fails
};

struct ScalarParam {
  const char* name;
  Constraint constraint;
};

// One element's params, as doubles and as int64 (exact for integer-valued params).
struct ParamValues {
  const double* real;
  const std::int64_t* integer;
};

struct ScalarDistribution {
  const char* name;     // the builder's and error messages' name: "studentt"
  const char* op_name;  // Aesara's op name, printed as `<op_name>_rv{...}`: "t"
  std::vector<ScalarParam> params;
  DType dtype;  // float64 (printed floatX) or int64
  double (*draw_real)(GeneratorState&, ParamValues);
  std::int64_t (*draw_integer)(GeneratorState&, ParamValues);
  // Constraints between params, or ones NumPy words its own way (null when none).
  void (*check)(ParamValues);
  // Replaces the element-by-element loop when the draw order differs (beta-binomial draws
  // every beta first, as Aesara's rng_fn does).
  void (*fill)(GeneratorState&, const std::vector<Array>& params, Array& out);
};

// The table entry of a scalar distribution (throws for an unknown name).
const ScalarDistribution& scalar_distribution(std::string_view name);

// Checks one element's params: each param's constraint, then the joint check.
void check_scalar_parameters(const ScalarDistribution& distribution, ParamValues values);

class ScalarRandomVariable final : public RandomVariable {
 public:
  explicit ScalarRandomVariable(const ScalarDistribution& distribution);

  void check_parameters(const std::vector<Array>& params) const override;
  void check_constant_parameters(const std::vector<Var>& params) const override;

 protected:
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override;

 private:
  const ScalarDistribution& distribution_;
};

// The shared op instance for a scalar distribution.
std::shared_ptr<const RandomVariable> scalar_random_variable(std::string_view name);

}  // namespace kiln::random

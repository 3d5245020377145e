// The RandomVariables whose params and draws are scalars (ndim_supp 0, every ndims_params 0):
// one op class driven by a registration per distribution (rv_scalar_table.cpp) that gives the
// Aesara name, the params with their constraints, the NumPy-exact draw of one element, and the
// C entry through which compiled code draws that element.
#pragma once

#include "random/rv_batch_draw.hpp"
#include "random/rv_op.hpp"

#include <memory>
#include <string>
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
  bool integer = false;  // taken as int64 (the trials n, integers' bounds), else as double
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
  // The per-element draw that compiled code calls, by the name `symbol` (kiln_rv_<name>):
  //   R entry(GeneratorState* state, P0 p0, P1 p1, ...)
  // with R double (dtype float64) or int64, and each P double or int64 (ScalarParam::integer).
  // It checks the element's params first; on a bad one it draws nothing, returns 0 and raises
  // this thread's draw-failure flag (take_draw_failure), since generated code cannot unwind.
  // Null when the draws are not element by element (fill) or the distribution has no entry.
  std::string symbol = {};
  const void* entry = nullptr;
  // With `fill`: how compiled code draws (rv_batch_draw.hpp), in passes over the whole draw.
  const BatchDraw* batch = nullptr;
};

// Beta-binomial's registration (rv_betabinom.cpp), drawn in two passes (`fill`, `batch`).
ScalarDistribution betabinom_distribution();

// Every registered scalar distribution of kt::random (the runtime symbols come from these).
const std::vector<ScalarDistribution>& scalar_distributions();
// The registration of a scalar distribution (throws for an unknown name).
const ScalarDistribution& scalar_distribution(std::string_view name);

// Raised by an entry that met a bad param on this thread; take_draw_failure reads and clears it.
void flag_draw_failure() noexcept;
bool take_draw_failure() noexcept;
// The exception a draw itself raised in an entry on this thread (Flat's "no random draws"), kept
// for the host to rethrow once the params' checks found nothing; null if none. Cleared.
std::exception_ptr take_draw_exception() noexcept;

// The per-element entries of a distribution registered without its own `entry` (lib/pm's
// records: HalfStudentT, TruncatedNormal, ...): its draw through the record, with each param as
// the reference reads it, a double and an int64 (`real`, `integer`: one per param). A bad param
// or a draw that throws raises the failure flag and returns 0.
extern "C" double kiln_rv_scalar_real(const ScalarDistribution* d, GeneratorState* s, const double* real,
                                      const std::int64_t* integer) noexcept;
extern "C" std::int64_t kiln_rv_scalar_integer(const ScalarDistribution* d, GeneratorState* s, const double* real,
                                               const std::int64_t* integer) noexcept;

// Checks one element's params: each param's constraint, then the joint check.
void check_scalar_parameters(const ScalarDistribution& distribution, ParamValues values);

class ScalarRandomVariable final : public RandomVariable {
 public:
  explicit ScalarRandomVariable(const ScalarDistribution& distribution);

  void check_parameters(const std::vector<Array>& params) const override;
  void check_constant_parameters(const std::vector<Var>& params) const override;

  const ScalarDistribution& distribution() const { return distribution_; }
  const BatchDraw* batch_draw() const override { return distribution_.batch; }

 protected:
  void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const override;

 private:
  const ScalarDistribution& distribution_;
};

// The shared op instance for a scalar distribution.
std::shared_ptr<const RandomVariable> scalar_random_variable(std::string_view name);

}  // namespace kiln::random

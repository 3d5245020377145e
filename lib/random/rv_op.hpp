// RandomVariable: the op behind every kt::random builder, as Aesara's. Inputs are
// (rng, size, dtype, *params), outputs (next_rng, draw). `size` is an int64 vector (empty:
// the draw takes the params' broadcast batch shape), `dtype` an int64 constant holding Aesara's
// dtype code. perform copies the generator state, draws in C order and returns the advanced
// state; the input state is never touched, which is why eval() repeats a draw.
#pragma once

#include <kiln/graph.hpp>
#include <kiln/random/generator.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kiln::random {

struct BatchDraw;  // random/rv_batch_draw.hpp

// Aesara's dtype number code: the index in aesara.scalar's all_types (bool, int8, int16, int32,
// int64, uint8, uint16, uint32, uint64, float16, float32, float64), so float64 is 11.
std::int64_t dtype_code(DType dtype);
DType dtype_from_code(std::int64_t code);

class RandomVariable : public Op {
 public:
  // `floatx` marks ops whose dtype prints as floatX (float64 in kiln), others print `dtype`.
  RandomVariable(std::string rv_name, int ndim_supp, std::vector<int> ndims_params, DType dtype, bool floatx,
                 std::vector<std::string> param_names);

  // `normal_rv{0, (0, 0), floatX, False}`: name, ndim_supp, ndims_params, dtype, inplace.
  std::string name() const override;
  std::vector<TensorType> output_types(const std::vector<Var>& inputs) const override;
  void perform(const std::vector<Array>& inputs, std::vector<Array>& outputs) const override;
  bool equals(const Op& other) const override;
  std::size_t hash() const override;
  // Draws are not differentiable in their parameters here: no rule (null Vars), so grad
  // raises when a float parameter reaches the cost through a draw, as PyTensor's grad_undefined.
  std::vector<Var> grad(const Apply& node, const std::vector<Var>& output_grads) const override;

  const std::string& rv_name() const { return rv_name_; }
  int ndim_supp() const { return ndim_supp_; }
  const std::vector<int>& ndims_params() const { return ndims_params_; }
  const std::vector<std::string>& param_names() const { return param_names_; }
  DType default_dtype() const { return dtype_; }

  // Throws ParameterValueError naming the distribution, the parameter and its value.
  virtual void check_parameters(const std::vector<Array>& params) const = 0;
  // The build-time check: the same checks on the parameters that are constants.
  virtual void check_constant_parameters(const std::vector<Var>& params) const;
  // The draw's shape for the node's inputs (rng, size, dtype, params...), with each param
  // broadcast to batch + its core shape into `broadcast`; throws perform's typed errors
  // (a bad generator state, bad parameters, parameters that do not broadcast to size).
  Shape checked_draw_shape(const std::vector<Array>& inputs, std::vector<Array>& broadcast) const;

  // The checks that need only the params' shapes (a square cov); check_parameters runs them too.
  virtual void check_parameter_shapes(const std::vector<Shape>& params) const;

  // The draw's shape (batch + support) for these params and `size` (empty: the params' broadcast
  // batch shape), throwing the errors perform throws for shapes that do not fit.
  Shape draw_shape(const Shape& size, const std::vector<Array>& params) const;

  // perform's draw into `out` (the draw output's dtype and shape, any strides) from `state`,
  // which advances: for a draw only a host function can make over whole arrays (CustomDist's
  // random), called from compiled code through its runtime entry. Throws as perform.
  void draw_into(GeneratorState& state, const std::vector<Array>& inputs, Array& out) const;

  // How compiled code draws this op one batch element at a time (rv_batch_draw.hpp), or null
  // when it has no such entries (scalar distributions' per-element entries are in rv_scalar.hpp).
  virtual const BatchDraw* batch_draw() const { return nullptr; }

 protected:
  // The support dims (ndim_supp of them) from the params' static types / runtime values.
  virtual StaticShape support_static_shape(const std::vector<Var>& params) const;
  virtual Shape support_shape(const std::vector<Array>& params) const;
  // Fills `out` (float64 or int64, shape batch + support) in C order; each param comes
  // broadcast to batch + its own core shape.
  virtual void draw(GeneratorState& s, const std::vector<Array>& params, Array& out) const = 0;

  // The batch shape of a param: its shape without its ndims_params[i] trailing core dims.
  Shape batch_shape_of(std::size_t i, const Shape& param) const;

 private:
  std::string rv_name_;
  int ndim_supp_;
  std::vector<int> ndims_params_;
  DType dtype_;
  bool floatx_;
  std::vector<std::string> param_names_;
};

// Builds the node rng, size, dtype, params and returns its draw output (output 1).
// `dtype` defaults to the op's; the constant params are checked now.
Var make_random_variable(std::shared_ptr<const RandomVariable> op, const Var& rng, const Shape& size,
                         std::optional<DType> dtype, std::vector<Var> params, const std::string& name);

// The generator state held in a uint64 Array of shape (6,), and back.
GeneratorState state_from_array(const Array& value);
Array state_to_array(const GeneratorState& state);

}  // namespace kiln::random

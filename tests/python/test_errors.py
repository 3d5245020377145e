"""kiln's exceptions reach Python with their messages, as subclasses of kiln.Error and of the
builtin a Python user catches; arguments of the wrong type name the argument, never crash."""
import numpy as np
import pytest

import kiln
import kiln.pm as pm
import kiln.tensor as at


def test_the_exception_hierarchy():
    assert issubclass(kiln.InputError, kiln.Error) and issubclass(kiln.InputError, ValueError)
    assert issubclass(kiln.ParameterValueError, ValueError)
    assert issubclass(kiln.ValueError, ValueError)
    assert issubclass(kiln.TypeError, TypeError) and issubclass(kiln.TypeError, kiln.Error)
    assert issubclass(kiln.CompileError, RuntimeError)
    assert issubclass(kiln.GradientError, kiln.Error)


def test_a_narrowing_input_raises_input_error_naming_the_input():
    x = at.vector(name="x", dtype="float32")
    f = kiln.function([x], x)
    with pytest.raises(kiln.InputError, match=r"^input 0 'x' expects dtype float32, got float64 \(a narrowing conversion\)$"):
        f(np.zeros(2))


def test_a_wrong_shape_raises_input_error():
    x = at.vector(name="x")
    f = kiln.function([x], x)
    with pytest.raises(kiln.InputError, match=r"^input 0 'x' expects TensorType\(float64, \(None,\)\), got an array of shape \(2, 2\)$"):
        f(np.zeros((2, 2)))


def test_call_argument_errors_name_the_argument():
    x, y = at.scalar(name="x"), at.scalar(name="y")
    f = kiln.function([x, y], x + y)
    with pytest.raises(TypeError, match=r"^missing input 1 'y'$"):
        f(1.0)
    with pytest.raises(TypeError, match=r"^function has no input named 'q'$"):
        f(1.0, q=2.0)
    with pytest.raises(TypeError, match=r"^input 'x' given twice$"):
        f(1.0, 2.0, x=3.0)
    with pytest.raises(TypeError, match=r"^function takes 2 inputs, got 3$"):
        f(1.0, 2.0, 3.0)
    with pytest.raises(TypeError, match=r"^input 0 'x': expected an array or a number, got str$"):
        f("a", 2.0)
    with pytest.raises(TypeError, match=r"^input 1 'y': expected an array or a number, got None$"):
        f(1.0, None)
    with pytest.raises(TypeError, match=r"^input 0 'x': expected an array or a number, got ndarray of dtype complex128$"):
        f(np.array(1j), 2.0)


def test_graph_building_argument_errors_name_the_argument():
    x = at.vector(name="x")
    with pytest.raises(TypeError, match=r"^log: x: expected a tensor variable, a number or an array, got str$"):
        at.log("x")
    with pytest.raises(TypeError, match=r"^operand of add: expected a tensor variable, a number or an array, got object$"):
        x + object()
    with pytest.raises(TypeError, match=r"^function: inputs\[1\]: expected a tensor variable, a number or an array, got None$"):
        kiln.function([x, None], x)
    with pytest.raises(TypeError, match=r"^eval: inputs_to_values: a key is a str, not a tensor variable$"):
        x.eval({"x": [1.0]})
    with pytest.raises(TypeError, match=r"^Normal: sigma: expected a tensor variable, a number or an array, got dict$"):
        pm.Normal.dist(mu=0, sigma={})
    with pytest.raises(TypeError, match="scalar: dtype: kiln has no dtype complex128"):
        at.scalar(dtype="complex128")
    with pytest.raises(TypeError, match="is not iterable"):
        list(x)


def test_shape_name_and_pair_arguments_name_the_argument():
    x = at.vector(name="x")
    with pytest.raises(TypeError, match=r"^scalar: name: expected a str or None, got int$"):
        at.scalar(name=3)
    with pytest.raises(TypeError, match=r"^tensor: shape: expected a sequence of ints or None, got \(2, 'a'\)$"):
        at.tensor("float64", shape=(2, "a"))
    with pytest.raises(TypeError, match=r"^TensorType: shape: expected a sequence of ints or None, got 'ab'$"):
        at.TensorType("float64", "ab")
    with pytest.raises(TypeError, match=r"^specify_shape: shape: expected a sequence of ints or None, got 3$"):
        at.specify_shape(x, 3)
    with pytest.raises(TypeError, match=r"^reshape: shape: expected an int or a sequence of ints, got \[2, None\]$"):
        x.reshape([2, None])
    with pytest.raises(TypeError, match=r"^dimshuffle: expected axes \(ints\) and 'x', got 'y'$"):
        x.dimshuffle(0, "y")
    with pytest.raises(TypeError, match=r"^clone_replace: replace: expected \{variable: variable\} or \(variable, variable\) pairs, got int$"):
        kiln.clone_replace(x, [1])
    with pytest.raises(TypeError, match=r"^function: updates: a value: expected a tensor variable, a number or an array, got None$"):
        kiln.function([x], x, updates=[(x, None)])
    with pytest.raises(TypeError, match=r"^name: expected a str or None, got float$"):
        x.name = 1.5


def test_methods_are_the_functions():
    x, m = at.vector(name="x"), at.matrix(name="m")
    xv, mv = np.array([1.0, -2.0, 3.0]), np.arange(6.0).reshape(2, 3)
    pairs = [(m.sum(axis=0), at.sum(m, axis=0)), (m.max(keepdims=True), at.max(m, keepdims=True)),
             (m.argmax(axis=1), at.argmax(m, axis=1)), (x.exp(), at.exp(x)), (m.transpose(), at.transpose(m)),
             (m.flatten(), at.flatten(m)), (m.reshape((3, 2)), at.reshape(m, newshape=(3, 2))),
             (x.astype("float32"), at.cast(x, "float32")), (m.dot(x), at.dot(m, x)), (x.mean(), at.mean(x))]
    for method, function in pairs:
        a, b = method.eval({x: xv, m: mv}), function.eval({x: xv, m: mv})
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(m.sum(axis=0).eval({m: mv}), mv.sum(axis=0))
    np.testing.assert_array_equal(m.reshape((3, 2)).eval({m: mv}), mv.reshape(3, 2))


def test_a_type_error_while_building_a_graph():
    with pytest.raises(kiln.TypeError) as info:
        at.dot(at.matrix(name="m"), at.tensor("float64", shape=(None, None, None), name="t"))
    assert "dot" in str(info.value)


def test_a_failed_parameter_check_raises_parameter_value_error():
    z = pm.Normal.dist(mu=0, sigma=-1.0)
    with pytest.raises(kiln.ParameterValueError, match=r"^sigma > 0$") as info:
        pm.logp(z, 0.0).eval()
    assert isinstance(info.value, ValueError)


def test_a_missing_eval_input_raises_input_error():
    x, y = at.scalar(name="x"), at.scalar(name="y")
    with pytest.raises(kiln.InputError) as info:
        (x + y).eval({x: 1.0})
    assert "y" in str(info.value)


def test_an_index_out_of_range():
    x = at.vector(name="x")
    f = kiln.function([x], x[5])
    with pytest.raises(kiln.Error) as info:
        f(np.zeros(3))
    assert isinstance(info.value, (IndexError, ValueError)) and "5" in str(info.value)


def test_a_disconnected_gradient_raises_gradient_error():
    x, y = at.scalar(name="x"), at.scalar(name="y")
    with pytest.raises(kiln.GradientError):
        kiln.grad(x * 2, y)


def test_a_random_variable_outside_a_model():
    with pytest.raises(kiln.Error, match="no active model"):
        pm.Normal("x", 0, 1)

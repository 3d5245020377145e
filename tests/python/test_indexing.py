"""Indexing and PyTensor's writes through it, as PyTensor users write them:
``at.set_subtensor(x[idx], y)``, ``at.inc_subtensor(x[idx], y)``, ``x[idx].set(y)`` and
``x[idx].inc(y)``, for an int, a slice, a tuple, an integer array (advanced, with repeats) and an
integer variable; values against NumPy's assignment and ``np.add.at``, gradients (kiln.grad,
compiled) against central differences of the NumPy version."""
import gc

import numpy as np
import pytest

import kiln
import kiln.tensor as at

X = np.arange(12.0).reshape(3, 4) / 7.0 - 0.4

INDICES = [
    pytest.param(1, id="int"),
    pytest.param(-1, id="negative int"),
    pytest.param(slice(1, 3), id="slice"),
    pytest.param(slice(None, None, 2), id="strided slice"),
    pytest.param((1, slice(None, None, 2)), id="tuple int, slice"),
    pytest.param((slice(1, None), 2), id="tuple slice, int"),
    pytest.param((2, -1), id="tuple of ints"),
    pytest.param([0, 2, 0], id="integer list with a repeat"),
    pytest.param(np.array([2, -1, 1]), id="integer array with a repeat"),
    pytest.param(np.array([-1, 0]), id="integer array"),
    pytest.param((np.array([2, 0, 2]), 1), id="tuple integer array with a repeat, int"),
    pytest.param((np.array([0, 2]), slice(1, 3)), id="tuple integer array, slice"),
    pytest.param((slice(None), np.array([3, 0, 3])), id="tuple slice, integer array with a repeat"),
    pytest.param((1, np.array([0, -1])), id="tuple int, integer array"),
    pytest.param((slice(0, 2), [[0, 1], [3, -1]]), id="tuple slice, 2-d integer list with a repeat"),
]


def array_part(idx):
    """The integer-array entry of an index and the axis of X it indexes, or None."""
    for axis, item in enumerate(idx if isinstance(idx, tuple) else (idx,)):
        if isinstance(item, (list, np.ndarray)):
            return axis, np.asarray(item)
    return None


def repeats(idx):
    part = array_part(idx)
    if part is None:
        return False
    axis, array = part
    flat = array.ravel() % X.shape[axis]
    return len(set(flat)) < len(flat)


def numpy_write(x, idx, y, set_):
    out = x.copy()
    if set_:
        out[idx] = y
    elif array_part(idx) is not None:
        np.add.at(out, idx, y)  # each repeated index adds its y, as kiln's and PyTensor's
    else:
        out[idx] += y
    return out


def region_shape(idx):
    return X[idx].shape


@pytest.mark.parametrize("set_", [True, False], ids=["set", "inc"])
@pytest.mark.parametrize("idx", INDICES)
def test_values_match_numpy(idx, set_):
    x = at.matrix(name="x")
    y = at.tensor("float64", shape=(None,) * len(region_shape(idx)), name="y")
    write = at.set_subtensor if set_ else at.inc_subtensor
    out = write(x[idx], y)
    yv = np.random.default_rng(0).normal(size=region_shape(idx))
    f = kiln.function([x, y], out)
    for _ in range(3):  # both execution tiers
        np.testing.assert_array_equal(f(X, yv), numpy_write(X, idx, yv, set_))
    np.testing.assert_array_equal(out.eval({x: X, y: yv}), numpy_write(X, idx, yv, set_))
    method = x[idx].set(y) if set_ else x[idx].inc(y)
    np.testing.assert_array_equal(kiln.function([x, y], method)(X, yv), numpy_write(X, idx, yv, set_))


@pytest.mark.parametrize("set_", [True, False], ids=["set", "inc"])
def test_a_symbolic_integer_index(set_):
    x, y, i = at.matrix(name="x"), at.vector(name="y"), at.scalar(name="i", dtype="int64")
    write = at.set_subtensor if set_ else at.inc_subtensor
    f = kiln.function([x, y, i], write(x[i], y))
    yv = np.array([1.0, -2.0, 3.0, 0.5])
    for iv in (0, 2, -1, 1):
        np.testing.assert_array_equal(f(X, yv, iv), numpy_write(X, iv, yv, set_))


def test_a_symbolic_integer_index_beside_ints_and_slices():
    x, i = at.matrix(name="x"), at.scalar(name="i", dtype="int64")
    f = kiln.function([x, i], [x[i, 1:], x[::2, i], at.inc_subtensor(x[1:, i], 1.0)])
    for iv in (0, 2, -1):
        a, b, c = f(X, iv)
        np.testing.assert_array_equal(a, X[iv, 1:])
        np.testing.assert_array_equal(b, X[::2, iv])
        np.testing.assert_array_equal(c, numpy_write(X, (slice(1, None), iv), 1.0, False))


def test_an_integer_array_index_in_a_varying_slopes_model():
    # PyMC users write ab[county, 0] + ab[county, 1] * x for a (counties, 2) coefficient matrix.
    ab, x = at.matrix(name="ab"), at.vector(name="x")
    county = np.array([0, 2, 1, 2, 0])
    mu = ab[county, 0] + ab[county, 1] * x
    ab_value, x_value = X[:, :2], np.linspace(-1.0, 1.0, 5)
    values, grad = kiln.function([ab, x], [mu, kiln.grad(mu.sum(), ab)])(ab_value, x_value)
    np.testing.assert_array_equal(values, ab_value[county, 0] + ab_value[county, 1] * x_value)
    expected = np.zeros_like(ab_value)
    np.add.at(expected, (county, 0), 1.0)
    np.add.at(expected, (county, 1), x_value)
    np.testing.assert_allclose(grad, expected, atol=1e-15)


def test_two_integer_array_indices_raise_naming_x():
    x = at.matrix(name="x")
    with pytest.raises(TypeError, match=r"^index of x: one integer-array or variable index per subscript is supported, got a second one$"):
        x[[0, 1], [1, 2]]


def test_values_broadcast_into_the_region():
    x = at.matrix(name="x")
    np.testing.assert_array_equal(at.set_subtensor(x[1:], 5.0).eval({x: X}), numpy_write(X, slice(1, None), 5.0, True))
    np.testing.assert_array_equal(at.inc_subtensor(x[[0, 0]], np.ones(4)).eval({x: X}),
                                  numpy_write(X, [0, 0], np.ones(4), False))
    row = at.tensor("float64", shape=(1, 4), name="row")
    np.testing.assert_array_equal(at.set_subtensor(x[:2], row).eval({x: X, row: np.ones((1, 4))}),
                                  numpy_write(X, slice(None, 2), np.ones((1, 4)), True))


def test_inc_subtensor_set_instead_of_inc_and_float32():
    x = at.vector(name="x", dtype="float32")
    out = at.inc_subtensor(x[1:], 2.5, set_instead_of_inc=True)
    assert out.dtype == "float32"
    np.testing.assert_array_equal(out.eval({x: np.zeros(3, np.float32)}), np.array([0, 2.5, 2.5], np.float32))


def central_differences(fn, value, eps=1e-6):
    grad = np.zeros_like(value)
    for k in np.ndindex(value.shape):
        up, down = value.copy(), value.copy()
        up[k] += eps
        down[k] -= eps
        grad[k] = (fn(up) - fn(down)) / (2 * eps)
    return grad


@pytest.mark.parametrize("set_", [True, False], ids=["set", "inc"])
@pytest.mark.parametrize("idx", INDICES)
def test_gradients_match_finite_differences(idx, set_):
    x = at.matrix(name="x")
    y = at.tensor("float64", shape=(None,) * len(region_shape(idx)), name="y")
    write = at.set_subtensor if set_ else at.inc_subtensor
    weights = np.linspace(0.5, 1.5, 12).reshape(3, 4)
    cost = (at.sin(write(x[idx], y)) * weights).sum()
    grads = kiln.function([x, y], kiln.grad(cost, [x, y]))
    yv = np.random.default_rng(1).normal(size=region_shape(idx))

    def numpy_cost(xv, yv):
        return (np.sin(numpy_write(xv, idx, yv, set_)) * weights).sum()

    gx, gy = grads(X, yv)
    np.testing.assert_allclose(gx, central_differences(lambda v: numpy_cost(v, yv), X), atol=1e-8)
    if set_ and repeats(idx):
        # NumPy keeps the last of repeated values; kiln's gradient, as PyTensor's, gives every
        # repeat the gradient of its row of the output.
        d_out = np.cos(numpy_write(X, idx, yv, set_)) * weights
        np.testing.assert_allclose(gy, d_out[idx], atol=1e-12)
    else:
        np.testing.assert_allclose(gy, central_differences(lambda v: numpy_cost(X, v), yv), atol=1e-8)


def test_the_gradient_through_a_symbolic_integer_index():
    x, y, i = at.matrix(name="x"), at.vector(name="y"), at.scalar(name="i", dtype="int64")
    cost = (at.inc_subtensor(x[i], y) ** 2).sum()
    gx, gy = kiln.function([x, y, i], kiln.grad(cost, [x, y]))(X, np.ones(4), 1)
    out = numpy_write(X, 1, np.ones(4), False)
    np.testing.assert_allclose(gx, 2 * out)
    np.testing.assert_allclose(gy, 2 * out[1])


def test_a_variable_not_built_by_indexing_raises_naming_x():
    x = at.vector(name="x")
    with pytest.raises(TypeError, match=r"^set_subtensor: x must be the result of indexing a variable \(x\[idx\]\), got x$"):
        at.set_subtensor(x, 1.0)
    with pytest.raises(TypeError, match=r"^inc_subtensor: x must be the result of indexing a variable \(x\[idx\]\), got list$"):
        at.inc_subtensor([1.0], 1.0)
    with pytest.raises(TypeError, match=r"^set_subtensor: y: expected a tensor variable, a number or an array, got str$"):
        at.set_subtensor(x[0], "a")
    with pytest.raises(TypeError, match=r"^index of x: slice stop must be an int or None, got float$"):
        x[1:2.5]
    with pytest.raises(TypeError, match=r"^index of x: expected an int, a slice, an integer array or an integer variable, got NoneType$"):
        x[None]


def test_shape_errors_are_kiln_errors():
    x = at.matrix(name="x")
    with pytest.raises(kiln.Error):
        at.set_subtensor(x[0], np.ones(3)).eval({x: X})  # a row of 4 from 3 values


def test_indexed_variables_are_remembered_while_they_live():
    x = at.vector(name="x")
    kept = x[1:]
    for _ in range(5000):  # many short-lived indexed variables: their entries are purged
        x[[0]]
    gc.collect()
    np.testing.assert_array_equal(at.set_subtensor(kept, 0.0).eval({x: np.ones(3)}), [1.0, 0.0, 0.0])
    # A variable rebuilt from C++ (not through x[idx]) is the same node: found as well.
    out = x[[2]]
    same = out.owner.outputs[0]
    np.testing.assert_array_equal(at.inc_subtensor(same, 1.0).eval({x: np.zeros(3)}), [0.0, 0.0, 1.0])

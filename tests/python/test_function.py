"""Compiled functions from Python: positional and keyword calls, one or several outputs, and
NumPy arrays in (every dtype kiln has, non-contiguous, 0-d; zero-copy where the layout allows)
and out, against NumPy's values."""
import os
import subprocess
import sys

import numpy as np
import pytest

import kiln
import kiln.tensor as at


def log_x_plus_y():
    x, y = at.scalar(name="x"), at.vector(name="y")
    return x, y, kiln.function(inputs=[x, y], outputs=at.log(x + y))


def test_positional_and_keyword_calls():
    x, y, f = log_x_plus_y()
    expected = np.array([0.0, 1.0])
    np.testing.assert_allclose(f(0, [1, np.e]), expected)
    np.testing.assert_allclose(f(x=0, y=[1, np.e]), expected)
    np.testing.assert_allclose(f(0, y=np.array([1, np.e])), expected)
    assert repr(f(x=0, y=[1, np.e])) == "array([0., 1.])"


def test_a_list_of_outputs_gives_a_list():
    x = at.vector(name="x")
    f = kiln.function([x], [x * 2, at.sum(x)])
    out = f(np.array([1.0, 2.0]))
    assert isinstance(out, list) and len(out) == 2
    np.testing.assert_array_equal(out[0], [2.0, 4.0])
    assert out[1].shape == () and out[1] == 3.0


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "int8", "uint8", "bool"])
def test_dtypes_round_trip(dtype):
    x = at.vector(name="x", dtype=dtype)
    f = kiln.function([x], x)
    v = np.array([1, 0, 1], dtype=dtype)
    out = f(v)
    assert out.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(out, v)


def test_float32_stays_float32():
    x = at.vector(name="x", dtype="float32")
    f = kiln.function([x], at.exp(x) * 2.0)
    v = np.array([0.0, 1.0], dtype=np.float32)
    out = f(v)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, np.exp(v) * 2, rtol=1e-6)
    assert f([0.5]).dtype == np.float32  # a list of Python floats takes the input's dtype


def test_int64_inputs_convert_to_a_float_input():
    x = at.vector(name="x")
    f = kiln.function([x], x / 2)
    np.testing.assert_array_equal(f(np.array([1, 2, 3], dtype=np.int64)), [0.5, 1.0, 1.5])


def test_int64_arithmetic():
    i = at.vector(name="i", dtype="int64")
    f = kiln.function([i], i * 3 + 1)
    out = f(np.array([2**40, -5], dtype=np.int64))
    assert out.dtype == np.int64 and out.tolist() == [3 * 2**40 + 1, -14]


@pytest.mark.parametrize("make", [
    lambda: np.arange(20.0)[::3],
    lambda: np.arange(12.0).reshape(3, 4)[:, 1],
    lambda: np.arange(10.0)[::-1],
    lambda: np.arange(24.0).reshape(2, 3, 4).transpose(2, 0, 1)[1, :, 2],
    lambda: np.frombuffer(np.arange(6.0).astype(">f8").tobytes(), dtype=">f8"),
])
def test_non_contiguous_and_foreign_layouts(make):
    x = at.vector(name="x")
    f = kiln.function([x], at.sqrt(x + 1.0))
    v = make()
    np.testing.assert_allclose(f(v), np.sqrt(v + 1.0), rtol=1e-15)


def test_non_contiguous_matrix():
    m = at.matrix(name="m")
    f = kiln.function([m], m * 2.0 + m.sum(axis=0))
    v = np.arange(30.0).reshape(5, 6)[::2, ::3]
    np.testing.assert_allclose(f(v), v * 2 + v.sum(axis=0))
    np.testing.assert_allclose(f(np.asfortranarray(np.arange(6.0).reshape(2, 3))),
                               np.arange(6.0).reshape(2, 3) * 2 + np.arange(6.0).reshape(2, 3).sum(axis=0))


def test_zero_dimensional_arrays():
    x = at.scalar(name="x")
    f = kiln.function([x], x * 2.0)
    for value in (np.array(3.0), 3.0, 3, np.float64(3.0)):
        out = f(value)
        assert out.shape == () and out == 6.0


def test_outputs_are_independent_numpy_arrays():
    x = at.vector(name="x")
    f = kiln.function([x], x + 1.0)
    a = f(np.zeros(3))
    b = f(np.ones(3))
    np.testing.assert_array_equal(a, [1, 1, 1])
    np.testing.assert_array_equal(b, [2, 2, 2])
    a[0] = 100.0  # writable, and owned by this result alone
    np.testing.assert_array_equal(f(np.zeros(3)), [1, 1, 1])


def test_output_shapes_that_depend_on_input_values():
    n = at.scalar(name="n", dtype="int64")
    f = kiln.function([n], at.alloc(1.5, n))
    for size in (3, 5, 2, 2, 4):
        np.testing.assert_array_equal(f(size), np.full(size, 1.5))


def fast_path(result):
    """Whether a call took the allocation-free path: it writes into arrays NumPy allocated
    (owning their data), where call_positional's results are kiln arrays NumPy only wraps."""
    return result.flags.owndata


FAST_PATH_SCRIPT = """
import numpy as np, kiln, kiln.tensor as at
n, x = at.scalar(name="n", dtype="int64"), at.scalar(name="x")
f = kiln.function([x, n], at.alloc(x, n) * 2.0)
taken = []
for size in (2, 2, 2, 3, 3, 3, 3, 2, 2, 2):
    out = f(1.5, size)
    assert out.tolist() == [3.0] * size
    taken.append(out.flags.owndata)
print(taken)
"""


def test_the_fast_path_returns_once_output_shapes_repeat():
    # In the interpreted tier (KILN_JIT_SPECIALIZE=0) call_into takes outputs of any shape the
    # inputs' values give. A change of output shape costs one refused fast call and an
    # allocating one; the call after a repeat is fast again.
    env = dict(os.environ, KILN_JIT_SPECIALIZE="0")
    run = subprocess.run([sys.executable, "-c", FAST_PATH_SCRIPT], env=env, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == str([False, True, True, False, False, True, True, False, False, True])


def test_the_fast_path_after_a_specialized_program_refuses():
    # A program specialized to inputs of these shapes refuses call_into for other values of n
    # (it was built for n = 2), even with outputs of the right shape: the calls allocate until
    # the inputs' shapes change, and never go wrong.
    n, x = at.scalar(name="n", dtype="int64"), at.vector(name="x")
    f = kiln.function([x, n], at.alloc(x.sum(), n) * 2.0)
    taken = []
    for v, size in [(np.ones(2), 2)] * 3 + [(np.ones(2), 3)] * 4 + [(np.ones(4), 3)] * 3:
        out = f(v, size)
        np.testing.assert_array_equal(out, np.full(size, 2.0 * v.sum()))
        taken.append(fast_path(out))
    assert taken[:3] == [False, True, True]
    assert taken[3:7] == [False, False, False, False] or taken[3:7] == [False, False, True, True]
    assert taken[7:] == [False, True, True]


def test_an_output_viewing_an_input_does_not_share_its_memory():
    x = at.vector(name="x")
    f = kiln.function([x], x[1:])
    v = np.arange(5.0)
    first, second = f(v), f(v)
    v[2] = 100.0
    np.testing.assert_array_equal(first, [1, 2, 3, 4])
    np.testing.assert_array_equal(second, [1, 2, 3, 4])


def test_a_bad_call_between_good_ones():
    x = at.vector(name="x", dtype="float32")
    f = kiln.function([x], x * 2)
    v = np.ones(3, dtype=np.float32)
    f(v)
    with pytest.raises(kiln.InputError):
        f(np.ones(3))
    np.testing.assert_array_equal(f(v), [2, 2, 2])


def test_inputs_are_not_copied_or_modified():
    x = at.vector(name="x")
    f = kiln.function([x], x * 2.0)
    v = np.arange(4.0)
    v.flags.writeable = False  # a read-only view still works: kiln only reads inputs
    np.testing.assert_array_equal(f(v), [0, 2, 4, 6])
    np.testing.assert_array_equal(v, [0, 1, 2, 3])


def test_shared_variables_and_updates():
    counter = kiln.shared(np.array(0.0), name="counter")
    step = at.scalar(name="step")
    f = kiln.function([step], counter, updates={counter: counter + step})
    assert f(2.0) == 0.0
    assert f(3.0) == 2.0
    assert kiln.get_value(counter) == 5.0


def test_givens():
    x, y = at.scalar(name="x"), at.scalar(name="y")
    f = kiln.function([x], x * y, givens={y: at.constant(3.0)})
    assert f(2.0) == 6.0


def test_compiled_dprint(shared_dir):
    a, b = at.scalar(name="a"), at.scalar(name="b")
    c = a / b
    c.name = "a / b"
    d = b * c
    d.name = "b * c"
    g = kiln.function(inputs=[a, b], outputs=d)
    assert g.debug_string() == (shared_dir / "reference/seed/04_compiled_b_mul_c.txt").read_text()

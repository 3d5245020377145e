"""Graph building from Python: types, names, owners, operators, indexing, tensor functions,
graph_inputs and clone_replace, checked against NumPy's values and the printed forms kiln's
C++ API gives (reference/seed)."""
import numpy as np
import pytest

import kiln
import kiln.tensor as at


def test_types_names_and_owner():
    x = at.scalar(name="x")
    y = at.vector(name="y")
    assert str(x.type) == "TensorType(float64, ())" and repr(y.type) == "TensorType(float64, (None,))"
    assert x.name == "x" and at.scalar().name is None
    z = x + y
    z.name = "x + y"
    assert z.name == "x + y" and str(z) == "x + y"
    assert str(z.owner) == "Elemwise{add,no_inplace}(InplaceDimShuffle{x}.0, y)"
    assert str(z.owner.op) == "Elemwise{add,no_inplace}"
    assert [str(v) for v in z.owner.inputs] == ["InplaceDimShuffle{x}.0", "y"]
    assert z.owner.outputs == [z]
    assert x.owner is None
    assert at.matrix(name="m", dtype="float32").type == kiln.TensorType("float32", (None, None))
    t = at.tensor("int64", shape=(2, None), name="t")
    assert t.type.shape == (2, None) and t.dtype == "int64" and t.ndim == 2


def test_variables_are_dict_keys_by_identity():
    x = at.scalar(name="x")
    w = at.log(x)
    assert w.owner.inputs[0] == x and hash(w.owner.inputs[0]) == hash(x)
    assert {x: 1}[w.owner.inputs[0]] == 1
    assert at.scalar(name="x") != x


@pytest.mark.parametrize("build, reference", [
    (lambda a, b: a + b, np.add), (lambda a, b: a - b, np.subtract), (lambda a, b: a * b, np.multiply),
    (lambda a, b: a / b, np.divide), (lambda a, b: a ** b, np.power), (lambda a, b: 2.0 * a - b / 3, lambda a, b: 2.0 * a - b / 3),
    (lambda a, b: -a + abs(b), lambda a, b: -a + abs(b)), (lambda a, b: a < b, np.less), (lambda a, b: a >= b, np.greater_equal),
    (lambda a, b: 1 - a, lambda a, b: 1 - a), (lambda a, b: at.maximum(a, b), np.maximum),
])
def test_operators_match_numpy(build, reference):
    a, b = at.vector(name="a"), at.vector(name="b")
    va, vb = np.array([0.5, 1.5, 2.0]), np.array([2.0, 0.25, 3.0])
    np.testing.assert_allclose(build(a, b).eval({a: va, b: vb}), reference(va, vb), rtol=1e-14)


@pytest.mark.parametrize("name, reference", [
    ("exp", np.exp), ("log", np.log), ("log1p", np.log1p), ("expm1", np.expm1), ("sqrt", np.sqrt), ("tanh", np.tanh),
    ("sin", np.sin), ("arctan", np.arctan), ("sigmoid", lambda v: 1 / (1 + np.exp(-v))), ("floor", np.floor),
    ("sqr", np.square), ("abs", np.abs), ("sign", np.sign), ("log2", np.log2),
])
def test_unary_functions_match_numpy(name, reference):
    x = at.vector(name="x")
    v = np.array([0.1, 0.7, 2.5])
    np.testing.assert_allclose(getattr(at, name)(x).eval({x: v}), reference(v), rtol=1e-12)


def test_special_functions_match_scipy():
    import scipy.special as sp

    x = at.vector(name="x")
    v = np.array([0.3, 1.7, 6.5])
    np.testing.assert_allclose(at.gammaln(x).eval({x: v}), sp.gammaln(v), rtol=1e-12)
    np.testing.assert_allclose(at.digamma(x).eval({x: v}), sp.digamma(v), rtol=1e-12)
    np.testing.assert_allclose(at.erf(x).eval({x: v}), sp.erf(v), rtol=1e-12)


def test_reductions_shapes_and_joins():
    m = at.matrix(name="m")
    v = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(at.sum(m, axis=0).eval({m: v}), v.sum(axis=0))
    np.testing.assert_allclose(m.sum(axis=(0, 1)).eval({m: v}), v.sum())
    np.testing.assert_allclose(at.mean(m, axis=1, keepdims=True).eval({m: v}), v.mean(axis=1, keepdims=True))
    np.testing.assert_allclose(m.max().eval({m: v}), 5.0)
    np.testing.assert_allclose(m.T.eval({m: v}), v.T)
    np.testing.assert_allclose(m.reshape((3, 2)).eval({m: v}), v.reshape(3, 2))
    np.testing.assert_allclose(at.dot(m, m.T).eval({m: v}), v @ v.T)
    np.testing.assert_allclose(at.concatenate([m, m], axis=1).eval({m: v}), np.concatenate([v, v], axis=1))
    a, b = at.scalar(name="a"), at.scalar(name="b")
    np.testing.assert_allclose(at.stack([a, b]).eval({a: 1.0, b: 2.0}), [1.0, 2.0])
    assert at.argmax(m, axis=1).eval({m: v}).tolist() == [2, 2]
    np.testing.assert_allclose(at.switch(m > 2, m, 0.0).eval({m: v}), np.where(v > 2, v, 0.0))


def test_numpy_style_indexing():
    x = at.vector(name="x")
    m = at.matrix(name="m")
    vx = np.arange(10.0)
    vm = np.arange(12.0).reshape(3, 4)
    assert x[3].eval({x: vx}) == 3.0
    np.testing.assert_array_equal(x[2:8:2].eval({x: vx}), vx[2:8:2])
    np.testing.assert_array_equal(x[::-1].eval({x: vx}), vx[::-1])
    np.testing.assert_array_equal(m[1, 1:].eval({m: vm}), vm[1, 1:])
    np.testing.assert_array_equal(m[:, 2].eval({m: vm}), vm[:, 2])
    np.testing.assert_array_equal(x[np.array([0, 5, 5, 9])].eval({x: vx}), vx[[0, 5, 5, 9]])
    np.testing.assert_array_equal(x[[1, 2]].eval({x: vx}), vx[[1, 2]])
    i = at.vector(name="i", dtype="int64")
    np.testing.assert_array_equal(m[i].eval({m: vm, i: np.array([2, 0])}), vm[[2, 0]])


def test_graph_inputs_and_clone_replace(shared_dir):
    x, y = at.scalar(name="x"), at.vector(name="y")
    z = x + y
    z.name = "x + y"
    w = at.log(z)
    w.name = "log(x + y)"
    assert kiln.graph.graph_inputs(graphs=[w]) == [x, y]
    new_parent = at.exp(z)
    new_parent.name = "exp(x + y)"
    new_w = kiln.clone_replace(output=[w], replace={z: new_parent})[0]
    new_w.name = "log(exp(x + y))"
    assert kiln._kiln.debug_string(new_w) == (shared_dir / "reference/seed/05_log_exp_x_plus_y.txt").read_text()
    assert kiln._kiln.debug_string(w) == (shared_dir / "reference/seed/01_log_x_plus_y.txt").read_text()
    single = kiln.clone_replace(w, {x: at.constant(1.0)})
    np.testing.assert_allclose(single.eval({y: [0.0, 1.0]}), np.log([1.0, 2.0]))


def test_dprint_writes_to_a_file_and_returns_it(shared_dir, capsys):
    import io

    x, y = at.scalar(name="x"), at.vector(name="y")
    z = x + y
    z.name = "x + y"
    w = at.log(z)
    w.name = "log(x + y)"
    buffer = io.StringIO()
    assert kiln.dprint(w, file=buffer) is buffer
    assert buffer.getvalue() == (shared_dir / "reference/seed/01_log_x_plus_y.txt").read_text()
    kiln.dprint([w])
    assert capsys.readouterr().out == buffer.getvalue()


def test_eval_with_an_intermediate_variable():
    x, y = at.scalar(name="x"), at.vector(name="y")
    z = x + y
    w = at.log(z)
    np.testing.assert_allclose(w.eval({z: [1, np.e]}), [0.0, 1.0])


def test_grad_matches_the_derivative():
    x = at.vector(name="x")
    g = kiln.grad(at.sum(at.exp(x) * x), x)
    v = np.array([0.0, 0.5, 1.0])
    np.testing.assert_allclose(g.eval({x: v}), np.exp(v) * (1 + v), rtol=1e-14)

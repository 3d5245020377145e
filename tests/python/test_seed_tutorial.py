"""examples/python/seed_tutorial.py (the tutorial's cells, only the imports changed) prints every
output of the tutorial that no random draw decides, as whole lines and in the tutorial's order:
the dprint trees of reference/seed/*.txt and the values, types and collections it shows. Draws
are unseeded in the tutorial, so their values are not compared; addresses are masked."""
import os
import re
import subprocess
import sys

TUTORIAL_OUTPUTS = [
    ("x and y", "x type: TensorType(float64, ())\nx name = x\n---\ny type: TensorType(float64, (None,))\ny name = y"),
    ("dprint(w)", "@01_log_x_plus_y.txt"),
    ("f(x=0, y=[1, e])", "array([0., 1.])"),
    ("w.eval({x: 0, y: [1, e]})", "array([0., 1.])"),
    ("w.eval({z: [1, e]})", "array([0., 1.])"),
    ("dprint(c)", "@02_a_div_b.txt"),
    ("dprint(d)", "@03_b_mul_c.txt"),
    ("dprint(g)", "@04_compiled_b_mul_c.txt"),
    ("the parts of z",
     "z type: TensorType(float64, (None,))\nz name = x + y\n"
     "z owner = Elemwise{add,no_inplace}(InplaceDimShuffle{x}.0, y)\n"
     "z owner inputs = [InplaceDimShuffle{x}.0, y]\nz owner op = Elemwise{add,no_inplace}\nz owner output = [x + y]"),
    ("the walk of w's graph",
     "---\nChecking variable log(x + y) of type TensorType(float64, (None,))\n > Op is Elemwise{log,no_inplace}\n"
     " > Input 0 is x + y\n---\nChecking variable x + y of type TensorType(float64, (None,))\n"
     " > Op is Elemwise{add,no_inplace}\n > Input 0 is InplaceDimShuffle{x}.0\n > Input 1 is y\n---\n"
     "Checking variable InplaceDimShuffle{x}.0 of type TensorType(float64, (1,))\n > Op is InplaceDimShuffle{x}\n"
     " > Input 0 is x\n---\nChecking variable y of type TensorType(float64, (None,))\n > y is a root variable\n---\n"
     "Checking variable x of type TensorType(float64, ())\n > x is a root variable"),
    ("dprint(w) again", "@01_log_x_plus_y.txt"),
    ("graph_inputs", "[x, y]"),
    ("dprint(w) unchanged", "@01_log_x_plus_y.txt"),
    ("dprint(new_w)", "@05_log_exp_x_plus_y.txt"),
    ("new_w.eval", "array([1.        , 2.71828183])"),
    ("dprint(f) of new_w", "@06_compiled_log_exp.txt"),
    ("f(x=0, y=[1, e]) of new_w", "array([1.        , 2.71828183])"),
    ("y.type", "TensorType(float64, ())"),
    ("dprint(y)", "@07_normal_rv.txt"),
    ("model.basic_RVs", "[z ~ N(<constant>, <constant>)]"),
    ("dprint(z_logp)", "@08_normal_logp_check.txt"),
    ("z_logp.eval", "array([-0.91893853, -1.61208571])"),
    ("scipy's logpdf", "array([-0.91893853, -1.61208571])"),
    ("dprint(model.logp(sum=False))", "@08_normal_logp_check.txt"),
    ("model.initial_point()", "{'z': array([0., 0.])}"),
    ("logp_function(point)", "[array([-0.91893853, -1.61208571])]"),
    ("rv.logpdf(1.25)", "-1.7001885332046727"),
    ("model_2.rvs_to_values", "{mu ~ N(0, 2): mu, sigma ~ N**+(0, 3): sigma_log__, x ~ N(mu, sigma): x}"),
    ("model_2.value_vars", "[mu, sigma_log__, x]"),
    ("logp_graph.eval", "array([ -1.61208571, -11.32440364,   9.08106147])"),
    ("the scipy equivalents",
     "mu_value -> -1.612085713764618\nsigma_log_value -> -11.324403641427345\nx_value -> 9.081061466795328"),
    ("model_2.compile_logp(sum=False)(...)", "[array(-1.61208571), array(-11.32440364), array(9.08106147)]"),
]


def test_the_script_prints_the_tutorials_outputs_in_order(source_dir, shared_dir):
    run = subprocess.run(
        [sys.executable, str(source_dir / "examples/python/run_cells.py"), str(source_dir / "examples/python/seed_tutorial.py")],
        capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"}, timeout=600)
    assert run.returncode == 0, run.stderr
    output = re.sub(r"0x[0-9A-Fa-f]+", "0x@ADDR@", run.stdout).splitlines()
    position = 0
    for source, text in TUTORIAL_OUTPUTS:
        if text.startswith("@"):
            text = (shared_dir / "reference/seed" / text[1:]).read_text()
        block = text.rstrip("\n").splitlines()
        found = next((i for i in range(position, len(output) - len(block) + 1) if output[i:i + len(block)] == block), None)
        assert found is not None, f"{source} not found after output line {position}:\n{text}"
        position = found + len(block)


def test_the_script_runs_as_a_plain_python_script(source_dir):
    run = subprocess.run([sys.executable, str(source_dir / "examples/python/seed_tutorial.py")],
                         capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"}, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Elemwise{log,no_inplace} [id A] 'log(x + y)'" in run.stdout

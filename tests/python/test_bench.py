"""kiln.bench: timeit's result object (compile stages, cached compile, per-call times), compare
(interleaved, ratios to the first, missing candidates skipped with a note), the IPython magics
and `python3 -m kiln.bench FILE.py`."""
import os
import subprocess
import sys

import numpy as np
import pytest

import kiln
import kiln.bench
import kiln.tensor as at


def fresh_function():
    """A graph of its own (a random constant), so compiling it is a program-cache miss; of
    two steps (x is broadcast), so its second call specializes it."""
    x, y = at.scalar(name="x"), at.vector(name="y")
    c = float(np.random.default_rng().uniform(1, 2))
    return kiln.function([x, y], at.log(x + y) * c)


def test_timeit_reports_the_compile_stages_and_call_times():
    f = fresh_function()
    assert f.compile_info["programs"] == 1 and f.compile_info["compile_ms"] > 0
    xv, yv = 1.5, np.linspace(2, 3, 1000)
    r = kiln.bench.timeit(f, xv, yv, batches=5)
    assert r.compile_ms == f.compile_info["compile_ms"]
    for stage in ("rewrite_ms", "lowering_ms", "llvm_opt_ms", "codegen_ms"):
        assert r.stages[stage] > 0, stage
    assert sum(r.stages[s] for s in ("rewrite_ms", "lowering_ms", "llvm_opt_ms", "codegen_ms")) <= r.compile_ms
    assert r.stages["specialization_ms"] > 0  # the second call specialized the program
    assert 0 < r.cached_compile_ms < r.compile_ms
    assert len(r.call.samples) == 5 and r.call.p10 <= r.call.median <= r.call.p90
    assert r.output_elements == 1000 and r.throughput == pytest.approx(1000 / r.call.median)
    text = repr(r)
    for label in ("cold compile", "rewrite", "lowering", "LLVM opt", "codegen", "specialization", "cached compile",
                  "call (no alloc)", "Python call", "throughput"):
        assert label in text
    assert r in kiln.bench.results


def test_timeit_of_a_cache_hit_says_so():
    x = at.vector(name="x")
    first = kiln.function([x], at.exp(x) + 0.125)  # the cache keeps a program while a function uses it
    g = kiln.function([x], at.exp(x) + 0.125)
    assert first.compile_info["programs"] == 1
    assert g.compile_info["cache_hits"] == 1 and g.compile_info["programs"] == 0
    assert "program cache hit" in repr(kiln.bench.timeit(g, np.ones(3), batches=3))


def test_timeit_of_any_callable_times_the_python_call():
    r = kiln.bench.timeit(np.add, np.ones(3), np.ones(3), batches=3)
    assert r.compile_info is None and r.call is None and r.python_call.median > 0


def test_compare_interleaves_and_skips_what_is_not_installed():
    f = fresh_function()
    xv, yv = 1.5, np.linspace(2, 3, 100)

    def needs_missing_module(a, b):
        import kiln_no_such_module  # noqa: F401

    r = kiln.bench.compare({"kiln": f, "numpy": lambda a, b: np.log(a + b), "absent": None,
                            "broken": needs_missing_module,
                            "optional": kiln.bench.optional("kiln_no_such_module", lambda m: m)}, xv, yv, rounds=4)
    assert list(r.rows) == ["kiln", "numpy"]
    assert r.ratio("kiln") == 1.0 and r.ratio("numpy") == pytest.approx(r.median("numpy") / r.median("kiln"))
    assert all(len(s.samples) == 4 for s in r.rows.values())
    assert r.notes["absent"] == "not installed" and "kiln_no_such_module" in r.notes["broken"]
    assert "optional" in r.notes
    assert "skipped: not installed" in repr(r)


def test_the_ipython_magics(capsys):
    from IPython.testing.globalipapp import start_ipython

    ip = start_ipython()
    ip.run_line_magic("load_ext", "kiln")
    ip.user_ns.update(f=fresh_function(), xv=1.5, yv=np.linspace(2, 3, 10), kiln=kiln)
    capsys.readouterr()
    ip.run_line_magic("kiln_timeit", "f(xv, yv)")
    line = capsys.readouterr().out
    assert line.startswith("f: compile ") and "call " in line and "Python call" in line and line.count("\n") == 1
    ip.run_line_magic("kiln_dprint", "f")
    assert capsys.readouterr().out == ip.user_ns["f"].debug_string()
    with pytest.raises(SyntaxError, match="times a call"):
        ip.run_line_magic("kiln_timeit", "f")


def test_python_m_kiln_bench_runs_a_script_and_prints_its_tables(tmp_path):
    script = tmp_path / "bench_script.py"
    script.write_text(
        "import numpy as np, kiln, kiln.bench, kiln.tensor as at\n"
        "x = at.vector(name='x')\n"
        "f = kiln.function([x], at.exp(x) * 0.375)\n"
        "kiln.bench.timeit(f, np.ones(10), batches=3)\n"
        "kiln.bench.compare({'kiln': f, 'numpy': lambda v: np.exp(v) * 0.375}, np.ones(10), rounds=2)\n")
    run = subprocess.run([sys.executable, "-m", "kiln.bench", str(script)], capture_output=True, text=True,
                         env=os.environ, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "kiln.bench.timeit" in run.stdout and "kiln.bench.compare" in run.stdout and "ratio" in run.stdout
    usage = subprocess.run([sys.executable, "-m", "kiln.bench"], capture_output=True, text=True, env=os.environ)
    assert usage.returncode == 2 and "usage: python3 -m kiln.bench FILE.py" in usage.stderr

"""kiln.bench: timing graphs the way a graph compiler needs them timed.

- ``timeit(f, *args)``: a compiled function's cold compile time and its stages (rewrite,
  lowering, LLVM optimisation, code generation, specialization to the arguments' shapes), the
  cached compile time, and the per-call time of its allocation-free path (median and spread
  over batches) with the throughput of its array outputs; also the Python call's time.
- ``compare({"kiln": f, "numpy": g, "pytensor": h}, *args)``: the candidates timed in one
  interleaved run (alternating batches, so a noisy machine slows all alike), each one's median
  and its ratio to the first; a candidate that is None or raises ImportError is skipped with a note.
- ``python3 -m kiln.bench FILE.py`` runs a benchmark script and prints the tables it made;
  ``%load_ext kiln`` gives ``%kiln_timeit`` and ``%kiln_dprint`` in IPython.
"""
import statistics
import time

import numpy as np

from .. import _kiln

__all__ = ["timeit", "compare", "optional", "TimeitResult", "CompareResult", "results"]

# Every result made in this process, in order (what `python3 -m kiln.bench FILE.py` prints).
results = []

_BATCH_SECONDS = 0.02  # one batch's target length: long enough to time, short enough to interleave


def _calls_per_batch(call, target=_BATCH_SECONDS):
    """How many calls make a batch of about `target` seconds (at least 1)."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            call()
        elapsed = time.perf_counter() - start
        if elapsed >= target / 4 or n >= 1 << 24:
            return max(1, int(n * target / max(elapsed, 1e-9)))
        n *= 4


def _time_batches(call, n, batches):
    per_call = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(n):
            call()
        per_call.append((time.perf_counter() - start) / n)
    return per_call


def _format_seconds(s):
    if s is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s / 1e-9:.3g} ns"


class Spread:
    """A median over batches with its 10th and 90th percentiles."""

    def __init__(self, samples):
        ordered = sorted(samples)
        self.samples = ordered
        self.median = statistics.median(ordered)
        self.p10 = ordered[int(0.1 * (len(ordered) - 1))]
        self.p90 = ordered[int(round(0.9 * (len(ordered) - 1)))]

    @property
    def relative_spread(self):
        """(p90 - p10) / median."""
        return (self.p90 - self.p10) / self.median if self.median else float("nan")

    def __repr__(self):
        return f"{_format_seconds(self.median)} (p10 {_format_seconds(self.p10)}, p90 {_format_seconds(self.p90)})"


class TimeitResult:
    """What timeit measured. Times in seconds, compile stages in milliseconds.

    compile_ms / stages: the cold compile of the function (when kiln.function made it; a
    program-cache hit then is reported as such), specialization_ms measured at the calls that
    specialize it; cached_compile_ms: compiling the same graph again (a cache hit); first_call:
    the first call timed here; call: the allocation-free path (outputs written into arrays
    kept across calls), python_call: ``f(*args)`` from Python, both per call over batches;
    throughput: output elements (and bytes) per second at the median call.
    """

    def __init__(self, name, compile_info, cached_compile_ms, first_call, call, python_call, output_elements,
                 output_bytes):
        self.name = name
        self.compile_info = compile_info
        self.compile_ms = compile_info.get("compile_ms") if compile_info else None
        self.stages = {k: compile_info[k] for k in ("rewrite_ms", "lowering_ms", "llvm_opt_ms", "codegen_ms",
                                                      "specialization_ms")} if compile_info else {}
        self.cached_compile_ms = cached_compile_ms
        self.first_call = first_call
        self.call = call
        self.python_call = python_call
        self.output_elements = output_elements
        self.output_bytes = output_bytes

    @property
    def throughput(self):
        """Output elements per second at the median native call (None without array outputs)."""
        median = self.call.median if self.call else self.python_call.median
        return self.output_elements / median if self.output_elements else None

    @property
    def bandwidth(self):
        median = self.call.median if self.call else self.python_call.median
        return self.output_bytes / median if self.output_bytes else None

    def line(self):
        """A one-line summary (what %kiln_timeit prints)."""
        parts = []
        if self.compile_info:
            if self.compile_info["programs"]:
                parts.append(f"compile {self.compile_ms:.3g} ms (rewrite {self.stages['rewrite_ms']:.3g}, lowering "
                             f"{self.stages['lowering_ms']:.3g}, LLVM opt {self.stages['llvm_opt_ms']:.3g}, codegen "
                             f"{self.stages['codegen_ms']:.3g}, specialization {self.stages['specialization_ms']:.3g} ms)")
            else:
                parts.append(f"compile {self.compile_ms:.3g} ms (program cache hit)")
            parts.append(f"cached compile {self.cached_compile_ms:.3g} ms")
        if self.call:
            parts.append(f"call {_format_seconds(self.call.median)} ± {self.call.relative_spread:.0%}")
        parts.append(f"Python call {_format_seconds(self.python_call.median)}")
        if self.throughput:
            parts.append(f"{self.throughput / 1e6:.3g} M elements/s")
        return f"{self.name}: " + "; ".join(parts)

    def __repr__(self):
        rows = [f"kiln.bench.timeit: {self.name}"]
        if self.compile_info:
            if self.compile_info["programs"]:
                rows.append(f"  cold compile       {self.compile_ms:9.3f} ms")
                for key, label in (("rewrite_ms", "rewrite"), ("lowering_ms", "lowering"), ("llvm_opt_ms", "LLVM opt"),
                                   ("codegen_ms", "codegen")):
                    rows.append(f"    {label:<16} {self.stages[key]:9.3f} ms")
            else:
                rows.append(f"  compile            {self.compile_ms:9.3f} ms (program cache hit: no stages)")
            rows.append(f"  specialization     {self.stages['specialization_ms']:9.3f} ms (at the first calls)")
            rows.append(f"  cached compile     {self.cached_compile_ms:9.3f} ms")
        rows.append(f"  first call         {_format_seconds(self.first_call)}")
        if self.call:
            rows.append(f"  call (no alloc)    {self.call!r} over {len(self.call.samples)} batches")
        rows.append(f"  Python call        {self.python_call!r}")
        if self.throughput:
            rows.append(f"  throughput         {self.throughput / 1e6:.4g} M elements/s, {self.bandwidth / 1e9:.3g} GB/s out")
        return "\n".join(rows)


def timeit(f, *args, batches=30, name=None, **kwargs):
    """Times ``f(*args, **kwargs)``; f a compiled kiln function (any callable is timed as a
    Python call only). Returns a TimeitResult (and records it in kiln.bench.results)."""
    is_kiln = isinstance(f, _kiln.Function)
    name = name or getattr(f, "__name__", None) or ("kiln function" if is_kiln else repr(f))
    info = dict(f.compile_info) if is_kiln else None
    before = _kiln.bench.compile_times()
    start = time.perf_counter()
    out = f(*args, **kwargs)
    first_call = time.perf_counter() - start
    f(*args, **kwargs)  # the second call of the same shapes specializes the program
    after = _kiln.bench.compile_times()
    cached_ms = None
    call = None
    if is_kiln:
        info["specialization_ms"] += after["specialization_ms"] - before["specialization_ms"]
        start = time.perf_counter()
        again = _kiln.function(f.inputs, f.outputs if isinstance(out, list) else f.outputs[0])
        cached_ms = (time.perf_counter() - start) * 1e3
        del again
        if not kwargs:
            one = min(_kiln.bench.time_calls(f, args, 1, 5))
            per_batch = int(min(max(1, _BATCH_SECONDS / max(one, 1e-9)), 1 << 24))
            call = Spread(_kiln.bench.time_calls(f, args, per_batch, batches))
    n = _calls_per_batch(lambda: f(*args, **kwargs))
    python_call = Spread(_time_batches(lambda: f(*args, **kwargs), n, batches))
    outputs = out if isinstance(out, list) else [out]
    arrays = [np.asarray(o) for o in outputs]
    elements = sum(a.size for a in arrays if a.ndim > 0)
    nbytes = sum(a.nbytes for a in arrays if a.ndim > 0)
    result = TimeitResult(name, info, cached_ms, first_call, call, python_call, elements, nbytes)
    results.append(result)
    return result


class CompareResult:
    """compare's table: each candidate's median per call and its ratio to the first candidate's."""

    def __init__(self, title, rows, notes):
        self.title = title
        self.rows = rows  # name -> Spread
        self.notes = notes  # name -> why it was skipped

    def median(self, name):
        return self.rows[name].median

    def ratio(self, name):
        """This candidate's median over the first candidate's."""
        first = next(iter(self.rows.values()))
        return self.rows[name].median / first.median

    def __repr__(self):
        lines = [f"kiln.bench.compare: {self.title}" if self.title else "kiln.bench.compare",
                 f"  {'candidate':<20} {'median':>12} {'p10':>12} {'p90':>12} {'ratio':>8}"]
        for name, spread in self.rows.items():
            lines.append(f"  {name:<20} {_format_seconds(spread.median):>12} {_format_seconds(spread.p10):>12} "
                         f"{_format_seconds(spread.p90):>12} {self.ratio(name):>8.3f}")
        for name, note in self.notes.items():
            lines.append(f"  {name:<20} skipped: {note}")
        return "\n".join(lines)


def optional(module, build):
    """``build(imported module)``, or None when the module is not installed (compare skips it)."""
    import importlib

    try:
        return build(importlib.import_module(module))
    except ImportError:
        return None


def compare(candidates, *args, rounds=15, title=None, **kwargs):
    """Times each candidate's ``c(*args, **kwargs)`` in one interleaved run: every round times
    one batch of each (in a rotating order), so drift on a noisy machine hits all alike.
    Returns a CompareResult (and records it in kiln.bench.results)."""
    calls, notes = {}, {}
    for name, candidate in candidates.items():
        if candidate is None:
            notes[name] = "not installed"
            continue
        try:
            candidate(*args, **kwargs)
        except ImportError as e:
            notes[name] = f"not installed ({e})"
            continue
        calls[name] = (lambda c: lambda: c(*args, **kwargs))(candidate)
        calls[name]()  # a kiln function specializes at its second call
    if not calls:
        raise ValueError("compare: no candidate could run: " + "; ".join(f"{k}: {v}" for k, v in notes.items()))
    sizes = {name: _calls_per_batch(call) for name, call in calls.items()}
    samples = {name: [] for name in calls}
    names = list(calls)
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            samples[name].extend(_time_batches(calls[name], sizes[name], 1))
    result = CompareResult(title, {name: Spread(samples[name]) for name in names}, notes)
    results.append(result)
    return result

"""The IPython extension (``%load_ext kiln``): ``%kiln_timeit f(x, y)`` prints a one-line report
of compile and call time; ``%kiln_dprint expr`` prints a variable's or function's graph."""
import ast

from . import timeit


def _evaluate_call(line, namespace):
    """(f, args, kwargs) of a call expression, evaluated in the user's namespace."""
    tree = ast.parse(line.strip(), mode="eval")
    if not isinstance(tree.body, ast.Call):
        raise SyntaxError("%kiln_timeit times a call: %kiln_timeit f(x, y)")
    call = tree.body

    def value(node):
        return eval(compile(ast.Expression(node), "<kiln_timeit>", "eval"), namespace)

    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        raise SyntaxError("%kiln_timeit: write the arguments out (no *args or **kwargs)")
    return value(call.func), [value(a) for a in call.args], {k.arg: value(k.value) for k in call.keywords}


def load(ipython):
    def kiln_timeit(line):
        f, args, kwargs = _evaluate_call(line, ipython.user_ns)
        print(timeit(f, *args, name=line.strip().split("(")[0], **kwargs).line())

    def kiln_dprint(line):
        from .. import dprint

        dprint(eval(line, ipython.user_ns))

    ipython.register_magic_function(kiln_timeit, "line", "kiln_timeit")
    ipython.register_magic_function(kiln_dprint, "line", "kiln_dprint")

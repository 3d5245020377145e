"""Runs a percent-format script (cells separated by `# %%`) as a notebook would: each cell in
turn, its last expression's value shown with repr unless the cell ends in `;` (as IPython).

    /usr/bin/python3 examples/python/run_cells.py examples/python/seed_tutorial.py
"""
import ast
import sys


def cells(source):
    cell = []
    for line in source.splitlines(keepends=True):
        if line.startswith("# %%"):
            if "".join(cell).strip():
                yield "".join(cell)
            cell = []
        else:
            cell.append(line)
    if "".join(cell).strip():
        yield "".join(cell)


def run_cell(code, namespace, filename):
    tree = ast.parse(code, filename)
    last = tree.body[-1] if tree.body else None
    shown = isinstance(last, ast.Expr) and not code.rstrip().endswith(";")
    body = tree.body[:-1] if shown else tree.body
    exec(compile(ast.Module(body=body, type_ignores=[]), filename, "exec"), namespace)
    if shown:
        value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
        if value is not None:
            print(repr(value))


def main(path):
    with open(path) as f:
        source = f.read()
    namespace = {"__name__": "__main__", "__file__": path}
    for code in cells(source):
        run_cell(code, namespace, path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: run_cells.py SCRIPT.py")
    main(sys.argv[1])

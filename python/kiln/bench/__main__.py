"""python3 -m kiln.bench FILE.py: runs a benchmark script non-interactively and prints the
tables of every kiln.bench.timeit / compare it made (for CI, and people without IPython)."""
import runpy
import sys

from . import results


def main(argv):
    if len(argv) != 1:
        print("usage: python3 -m kiln.bench FILE.py", file=sys.stderr)
        return 2
    sys.argv = [argv[0]]
    runpy.run_path(argv[0], run_name="__main__")
    for result in results:
        print(repr(result))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`cmake --install` puts the package in <prefix>/lib/python3/dist-packages/kiln, where it
imports (finding libkiln through its RPATH) with nothing of the build tree on the path."""
import os
import pathlib
import subprocess
import sys

import pytest


def test_the_installed_package_imports_and_runs(tmp_path):
    build_dir = os.environ.get("KILN_BUILD_DIR")
    if not build_dir:
        pytest.skip("KILN_BUILD_DIR is not set (CTest sets it)")
    subprocess.run(["cmake", "--install", build_dir, "--prefix", str(tmp_path)], check=True, capture_output=True)
    site = tmp_path / "lib/python3/dist-packages"
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "LD_LIBRARY_PATH")}
    env["PYTHONPATH"] = str(site)
    code = ("import numpy as np, kiln, kiln.tensor as at, kiln.pm, kiln.bench\n"
            "x = at.vector(name='x')\n"
            "print(repr(kiln.function([x], at.exp(x))(np.zeros(2))))\n"
            "print(kiln.__file__)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    printed, location = run.stdout.splitlines()
    assert printed == "array([1., 1.])"
    assert pathlib.Path(location) == site / "kiln/__init__.py"

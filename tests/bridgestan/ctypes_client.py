"""Loads a kiln model library from Python with ctypes, as BridgeStan's Python client does
(`bridgestan.StanModel`), and checks eight schools against shared/baselines.

usage: python3 ctypes_client.py <eight_schools_model.so> <eight_schools.json> <reference_values.txt>
"""
import ctypes
import math
import os
import sys

library_path, data_path, reference_path = sys.argv[1:4]
lib = ctypes.CDLL(library_path)

# The version integers, read as the Python client reads them.
version = tuple(ctypes.c_int.in_dll(lib, f"bs_{part}_version").value for part in ("major", "minor", "patch"))
assert version == (2, 9, 0), version

double_p = ctypes.POINTER(ctypes.c_double)
error_p = ctypes.POINTER(ctypes.c_char_p)
lib.bs_model_construct.restype = ctypes.c_void_p
lib.bs_model_construct.argtypes = [ctypes.c_char_p, ctypes.c_uint, error_p]
lib.bs_model_destruct.argtypes = [ctypes.c_void_p]
lib.bs_name.restype = ctypes.c_char_p
lib.bs_name.argtypes = [ctypes.c_void_p]
lib.bs_param_names.restype = ctypes.c_char_p
lib.bs_param_names.argtypes = [ctypes.c_void_p, ctypes.c_bool, ctypes.c_bool]
lib.bs_param_unc_num.restype = ctypes.c_int
lib.bs_param_unc_num.argtypes = [ctypes.c_void_p]
lib.bs_log_density_gradient.restype = ctypes.c_int
lib.bs_log_density_gradient.argtypes = [ctypes.c_void_p, ctypes.c_bool, ctypes.c_bool, double_p, double_p, double_p,
                                        error_p]
lib.bs_free_error_msg.argtypes = [ctypes.c_char_p]

err = ctypes.c_char_p()
model = lib.bs_model_construct(data_path.encode(), 0, ctypes.byref(err))
assert model, err.value
# bs_name is the <name> of <name>_model.so, as kiln_add_model and kiln-model name the library.
name = os.path.basename(library_path).removesuffix(".so").removesuffix("_model")
assert lib.bs_name(model).decode() == name, (lib.bs_name(model), name)
names = lib.bs_param_names(model, True, False).decode().split(",")
assert names[:3] == ["mu", "tau", "theta_tilde.1"] and names[-1] == "theta.8", names
n = lib.bs_param_unc_num(model)
assert n == 10

reference = None
with open(reference_path) as f:
    for line in f:
        fields = line.split()
        if fields and fields[0] == "eight_schools_nc":
            reference = [float(x) for x in fields[2:]]
theta = (ctypes.c_double * n)(4.0, 1.0, *[(j - 3.5) / 4 for j in range(8)])
grad = (ctypes.c_double * n)()
lp = ctypes.c_double()
assert lib.bs_log_density_gradient(model, False, True, theta, ctypes.byref(lp), grad, ctypes.byref(err)) == 0
def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)
assert rel(lp.value, reference[0]) <= 1e-12, (lp.value, reference[0])
assert all(rel(g, r) <= 1e-12 for g, r in zip(grad, reference[1:]))

theta[0] = math.nan
assert lib.bs_log_density_gradient(model, False, True, theta, ctypes.byref(lp), grad, ctypes.byref(err)) == -1
assert err.value == b"bs_log_density_gradient: theta_unc[0] (mu) is nan", err.value
lib.bs_model_destruct(model)
print(f"ctypes client: eight schools agrees ({library_path})")

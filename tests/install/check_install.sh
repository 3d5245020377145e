#!/usr/bin/env bash
# Installs the built kiln into a scratch prefix, builds tests/install/consumer against it with
# find_package(kiln), runs it and checks its output.
set -euo pipefail
build_dir=$1
source_dir=$2
prefix="$build_dir/install-check/prefix"
rm -rf "$build_dir/install-check"
cmake --install "$build_dir" --prefix "$prefix" > /dev/null
cmake -S "$source_dir/tests/install/consumer" -B "$build_dir/install-check/build" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -DKILN_EXAMPLE_MODEL="$source_dir/examples/models/eight_schools.cpp" > /dev/null
cmake --build "$build_dir/install-check/build" > /dev/null
out=$(LD_LIBRARY_PATH="$prefix/lib" "$build_dir/install-check/build/consumer")
[ "$out" = "array([0., 1.])" ] || { echo "consumer printed: $out" >&2; exit 1; }
echo "installed kiln works: $out"

# Model libraries for samplers: one from kiln_add_model (above), one from the installed kiln-model
# command; both loaded from Python with ctypes, as BridgeStan's client loads them.
"$prefix/bin/kiln-model" build "$source_dir/examples/models/eight_schools.cpp" -o "$build_dir/install-check/cli_model.so"
for library in "$build_dir/install-check/build/eight_schools_model.so" "$build_dir/install-check/cli_model.so"; do
  LD_LIBRARY_PATH="$prefix/lib" /usr/bin/python3 "$source_dir/tests/bridgestan/ctypes_client.py" "$library" \
    "$source_dir/examples/models/eight_schools.json" "$source_dir/../shared/baselines/reference_values.txt"
done

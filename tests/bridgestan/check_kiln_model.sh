#!/usr/bin/env bash
# kiln-model build <source.cpp> writes <stem>_model.so into the current folder, which Python's
# ctypes then loads (as BridgeStan's client does); a bad command line says how to call it.
set -euo pipefail
kiln_model=$1
source_dir=$2
shared_dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$kiln_model" build "$source_dir/examples/models/eight_schools.cpp"
[ -f eight_schools_model.so ] || { echo "no eight_schools_model.so in $work" >&2; exit 1; }
/usr/bin/python3 "$source_dir/tests/bridgestan/ctypes_client.py" ./eight_schools_model.so \
  "$source_dir/examples/models/eight_schools.json" "$shared_dir/baselines/reference_values.txt"
# A name longer than std::string keeps inline (15 characters): bs_name copies all of it.
"$kiln_model" build "$source_dir/examples/models/eight_schools.cpp" -o ./eight_schools_with_a_long_name_model.so
/usr/bin/python3 "$source_dir/tests/bridgestan/ctypes_client.py" ./eight_schools_with_a_long_name_model.so \
  "$source_dir/examples/models/eight_schools.json" "$shared_dir/baselines/reference_values.txt"
if "$kiln_model" compile x.cpp 2> usage.txt; then echo "a bad command line succeeded" >&2; exit 1; fi
grep -q "usage: kiln-model build <source.cpp> \[-o <out.so>\]" usage.txt
if "$kiln_model" build missing.cpp 2> missing.txt; then echo "a missing source succeeded" >&2; exit 1; fi
grep -q "kiln-model: no such model source: missing.cpp" missing.txt
echo "kiln-model builds a loadable model library"

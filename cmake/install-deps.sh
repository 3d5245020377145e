#!/usr/bin/env bash
# Installs every Debian 12 package kiln needs to build, test and benchmark. Idempotent; run as root.
# LLVM is pinned to 19 (bookworm/main): see ../shared/notes/llvm-toolchain.md for why.
set -euo pipefail

packages=(
  cmake g++ make pkg-config ccache git
  llvm-19-dev libzstd-dev libedit-dev    # the JIT (shared libLLVM-19)
  libboost-graph-dev libboost-math-dev   # toposort/DOT export; special functions
  libspdlog-dev libfmt-dev               # logging
  catch2 libbenchmark-dev                # tests (Catch2 v2) and benchmarks
  libopenblas-dev liblapack-dev          # dot, gemv, gemm, cholesky
  nlohmann-json3-dev                     # kiln::Data (CmdStan JSON) and the reference JSON files in tests
  python3-dev pybind11-dev python3-numpy # the Python package (python/), for /usr/bin/python3
  python3-scipy python3-matplotlib python3-ipython python3-pytest  # its tests, tutorial and IPython magics
  python3-mpmath                         # tests/pm/scipy_logp_extra.py: tail references at 600 digits
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run this script as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Regenerates the checked-in BPF objects from src/ClusterMesh.Datapath.Ebpf/bpf/*.c.
# Usage: eng/build-bpf.sh [output-dir]   (default: src/ClusterMesh.Datapath.Ebpf/bpf/prebuilt)
# Reproducible: fixed flags, compiled from inside bpf/ with relative paths and the debug compilation directory set
# to ".", so the bytes depend only on the sources and the clang version (Debian 12: clang 14), not on the checkout.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/src/ClusterMesh.Datapath.Ebpf/bpf"
out="${1:-$src/prebuilt}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
clang="${CLANG:-clang}"
multiarch="/usr/include/$(uname -m)-linux-gnu"

cd "$src"
for source in *.c; do
  object="${source%.c}.o"
  # -fdebug-compilation-dir and -fdebug-prefix-map keep the absolute checkout path out of DWARF and BTF.
  "$clang" -O2 -g -target bpf -std=gnu11 -Wall -Werror \
    -I. -I"$multiarch" \
    -fdebug-compilation-dir=. -fdebug-prefix-map="$src"=. -fno-ident \
    -c "$source" -o "$out/$object"
  echo "built $out/$object"
done

#!/usr/bin/env bash
# Regenerates the checked-in BPF objects from their C sources:
#   src/ClusterMesh.Datapath.Ebpf/bpf/*.c                 -> src/ClusterMesh.Datapath.Ebpf/bpf/prebuilt/*.o (embedded)
#   tests/ClusterMesh.Datapath.Ebpf.Tests/Objects/bpf/*.c -> tests/ClusterMesh.Datapath.Ebpf.Tests/Objects/bpf/prebuilt/*.o
# Usage: eng/build-bpf.sh [output-root]   With output-root, objects go to output-root/src/... and
# output-root/tests/... instead (the reproducibility test compares those with the checked-in ones).
# Reproducible: fixed flags, compiled from inside each source folder with relative paths and the debug compilation
# directory set to ".", so the bytes depend only on the sources and the clang version (Debian 12: clang 14), not on
# where the repository is checked out.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
clang="${CLANG:-clang}"
multiarch="/usr/include/$(uname -m)-linux-gnu"
folders=(src/ClusterMesh.Datapath.Ebpf/bpf tests/ClusterMesh.Datapath.Ebpf.Tests/Objects/bpf)

for folder in "${folders[@]}"; do
  src="$root/$folder"
  out="${1:+$1/$folder/prebuilt}"
  out="${out:-$src/prebuilt}"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  (
    cd "$src"
    for source in *.c; do
      # -fdebug-compilation-dir and -fdebug-prefix-map keep the absolute checkout path out of DWARF and BTF.
      "$clang" -O2 -g -target bpf -std=gnu11 -Wall -Werror \
        -I. -I"$multiarch" \
        -fdebug-compilation-dir=. -fdebug-prefix-map="$src"=. -fno-ident \
        -c "$source" -o "$out/${source%.c}.o"
      echo "built $out/${source%.c}.o"
    done
  )
done

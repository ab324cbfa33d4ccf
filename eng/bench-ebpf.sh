#!/usr/bin/env bash
# Side-by-side iperf3 figures of the eBPF datapath against plain kernel forwarding, in one run on the same machine
# (the numbers only mean something next to each other: the machine is shared and noisy):
#   across clusters: eBPF tunnel (eng/e2e.sh --iperf, tunnel mode) vs kernel VXLAN (eng/e2e-baseline.sh --mode vxlan)
#   same node:       eBPF redirect_peer vs plain veth routing through the node's stack (e2e-baseline.sh)
#   ipcache:         eBPF tunnel with 100,000 extra ipcache entries vs the mesh's own 8
# Prints every figure and the three ratios. Needs root, iperf3 and what eng/e2e.sh needs.
#
#   eng/bench-ebpf.sh [--seconds N] [--no-build]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=5 build=
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift ;;
    --no-build) build=--no-build ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
  esac
  shift
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in 1 2 3; do
  "$root/eng/e2e-baseline.sh" --mode vxlan --iperf --seconds "$seconds" 2>/dev/null | grep '^iperf3' | tee -a "$out"
done
"$root/eng/e2e.sh" --modes tunnel $build --iperf "$seconds" 2>/dev/null | grep '^iperf3' | tee -a "$out"
python3 - "$out" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"iperf3 (.*?)\s*(?:c\dn\d-p\d -> c\dn\d-p\d)?: ([0-9.]+) Gbit/s", line.strip())
    if m:
        runs.setdefault(m.group(1).strip(), []).append(float(m.group(2)))
median = {k: statistics.median(v) for k, v in runs.items()}
for k, v in runs.items():
    print(f"median {k}: {median[k]:.2f} Gbit/s of {v}")
tunnel = median["across clusters (ebpf tunnel)"]
print(f"ratio across clusters, eBPF tunnel / kernel VXLAN: {tunnel / median['across clusters (vxlan)']:.2f} (goal >= 0.85)")
print(f"ratio same node, eBPF / veth routing:            {median['same node (ebpf)'] / median['same node']:.2f} (goal >= 0.90)")
print(f"ratio 100,000 ipcache entries / 8:               {median['across clusters (ebpf tunnel, +100000 ipcache entries)'] / tunnel:.2f} (goal >= 0.95)")
PY

#!/usr/bin/env bash
# Baseline datapath with PLAIN kernel forwarding (no BPF): two clusters x two nodes x two pods on one underlay
# (eng/lib/topology.sh), cross-node traffic through kernel VXLAN with static FDB/neighbour/route entries
# (--mode vxlan, default) or routed directly via the node IPs on the shared segment (--mode direct).
# Pings every pod from every other pod, prints the reachability matrix and "N passed, N failed"; exits non-zero
# on any failure. --iperf also measures pod->pod TCP (same node and across nodes) with iperf3 and prints Gbit/s:
# the reference the eBPF datapath's benchmarks compare against. Needs root, iproute2, ping (iperf3 for --iperf).
#
#   eng/e2e-baseline.sh [--mode vxlan|direct] [--iperf] [--seconds N] [--prefix PREFIX]
set -euo pipefail
cd "$(dirname "$0")"
source lib/topology.sh

mode=vxlan iperf=false seconds=3 prefix=
while [ $# -gt 0 ]; do
  case $1 in
    --mode) mode=$2; shift 2 ;;
    --iperf) iperf=true; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
[ "$mode" = vxlan ] || [ "$mode" = direct ] || { echo "unknown mode $mode" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces)" >&2; exit 2; }

# Starwars-like layout: cluster C, node N -> node IP 192.168.C.(10+N), pod CIDR 10.C.N.0/24, pods .11 and .12.
VNI=2 VXLAN_DEV=vxlan0
nodes=() pods=()
declare -A node_ip pod_ip pod_node
for c in 1 2; do
  for n in 1 2; do
    node="c${c}n${n}"
    nodes+=("$node")
    node_ip[$node]="192.168.$c.$((10 + n))"
    for p in 1 2; do
      pod="$node-p$p"
      pods+=("$pod")
      pod_ip[$pod]="10.$c.$n.$((10 + p))"
      pod_node[$pod]=$node
    done
  done
done
pod_cidr() { local c=${1:1:1} n=${1:3:1}; printf '10.%s.%s.0/24' "$c" "$n"; }
vtep_mac() { printf '0e:cb:00:00:%02x:%02x' "${1:1:1}" "${1:3:1}"; }

topo_init "$prefix"
echo "topology prefix $TOPO_PREFIX, mode $mode" >&2
topo_underlay
for node in "${nodes[@]}"; do
  topo_add_node "$node" "${node_ip[$node]}/16"
done
for pod in "${pods[@]}"; do
  topo_add_pod "${pod_node[$pod]}" default "$pod" "${pod_ip[$pod]}"
done

# Cross-node forwarding. vxlan: flannel-like L3 over a non-external VXLAN device; each node's VTEP address is
# its pod CIDR's network address, remote VTEPs are reached by static neighbour + FDB entries (no learning, no
# flooding). direct: remote pod CIDRs routed via the remote node's underlay address.
for node in "${nodes[@]}"; do
  ns=$(topo_ns "$node")
  if [ "$mode" = vxlan ]; then
    ip -n "$ns" link add name "$VXLAN_DEV" type vxlan id "$VNI" dstport "$TOPO_VXLAN_PORT" \
      local "${node_ip[$node]}" dev eth0 nolearning
    ip -n "$ns" link set "$VXLAN_DEV" address "$(vtep_mac "$node")" up
    ip -n "$ns" addr add "$(pod_cidr "$node" | sed 's|/24|/32|')" dev "$VXLAN_DEV"
  fi
  for remote in "${nodes[@]}"; do
    [ "$remote" = "$node" ] && continue
    cidr=$(pod_cidr "$remote") vtep=${cidr%/24}
    if [ "$mode" = vxlan ]; then
      ip -n "$ns" neigh add "$vtep" lladdr "$(vtep_mac "$remote")" dev "$VXLAN_DEV" nud permanent
      bridge -n "$ns" fdb append "$(vtep_mac "$remote")" dev "$VXLAN_DEV" dst "${node_ip[$remote]}" self permanent
      ip -n "$ns" route add "$cidr" via "$vtep" dev "$VXLAN_DEV" onlink
    else
      ip -n "$ns" route add "$cidr" via "${node_ip[$remote]}" dev eth0
    fi
  done
done

# Reachability matrix: one ping per ordered pair.
passed=0 failed=0
printf '%-10s' "from\\to"
for dst in "${pods[@]}"; do printf ' %-8s' "$dst"; done
printf '\n'
for src in "${pods[@]}"; do
  printf '%-10s' "$src"
  for dst in "${pods[@]}"; do
    if [ "$src" = "$dst" ]; then
      printf ' %-8s' "-"
    elif ip netns exec "$(topo_pod_ns "${pod_node[$src]}" "$src")" ping -c 1 -W 1 -q "${pod_ip[$dst]}" >/dev/null 2>&1; then
      printf ' %-8s' ok; passed=$((passed + 1))
    else
      printf ' %-8s' FAIL; failed=$((failed + 1))
    fi
  done
  printf '\n'
done

# In vxlan mode every node must have sent through its tunnel device: the pings above did not take another path.
if [ "$mode" = vxlan ]; then
  for node in "${nodes[@]}"; do
    tx=$(ip -n "$(topo_ns "$node")" -s -j link show dev "$VXLAN_DEV" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["packets"])')
    if [ "$tx" -gt 0 ]; then passed=$((passed + 1)); else echo "$node: nothing sent through $VXLAN_DEV" >&2; failed=$((failed + 1)); fi
  done
fi

# iperf3: the server runs once (-1) in the destination pod; the client waits until it listens.
measure() {
  local label=$1 src=$2 dst=$3 src_ns dst_ns gbits
  src_ns=$(topo_pod_ns "${pod_node[$src]}" "$src") dst_ns=$(topo_pod_ns "${pod_node[$dst]}" "$dst")
  ip netns exec "$dst_ns" iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
  local server=$!
  for _ in $(seq 50); do
    ip netns exec "$dst_ns" ss -ltn 2>/dev/null | grep -q ':5201 ' && break
    sleep 0.1
  done
  gbits=$(ip netns exec "$src_ns" iperf3 -c "${pod_ip[$dst]}" -p 5201 -t "$seconds" -f g 2>&1 \
    | awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Gbits/sec") print $(i - 1) }')
  wait "$server" 2>/dev/null || true
  if [ -n "$gbits" ]; then
    printf 'iperf3 %-28s %s -> %s: %s Gbit/s\n' "$label" "$src" "$dst" "$gbits"
  else
    printf 'iperf3 %-28s %s -> %s: no result\n' "$label" "$src" "$dst"; failed=$((failed + 1))
  fi
}
if $iperf; then
  command -v iperf3 >/dev/null || { echo "iperf3 is not installed" >&2; exit 2; }
  measure "same node" c1n1-p1 c1n1-p2
  measure "across nodes ($mode)" c1n1-p1 c1n2-p1
  measure "across clusters ($mode)" c1n1-p1 c2n1-p1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

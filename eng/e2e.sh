#!/usr/bin/env bash
# Privileged end-to-end run of the eBPF datapath (issue 6): two clusters x two nodes as network namespaces on an
# underlay namespace (eng/lib/topology.sh), one etcd per cluster, one `clustermesh-agent run --datapath ebpf` per
# node inside its namespace, two pods per node. Per routing mode (tunnel, direct, hybrid):
#   - ping and TCP from every pod to every other pod of both clusters (reachability matrix printed);
#   - the path taken is ours: cm_counters show tunnel and/or direct transmits as the mode demands;
#   - a pod deleted in cluster2 (manifest file and namespace removed) becomes unreachable from cluster1 and
#     leaves cluster1's maps;
#   - an agent killed (SIGKILL) and started again: traffic flows while it is away, no map entry is flushed.
# Ends with "N passed, N failed"; exit status 0 only when nothing failed. Everything it creates (namespaces,
# devices, pins under /sys/fs/bpf/clustermesh/<prefix>-*, etcd and agent processes, temp dir) is removed on
# success and failure. Needs root, iproute2, bpftool, etcd, python3, ping and the .NET SDK.
#
# --iperf SECONDS also measures pod->pod TCP with iperf3 in tunnel mode (same node, across clusters, and across
# clusters with 100,000 extra ipcache entries loaded), printing "iperf3 <label>: N Gbit/s" (eng/bench-ebpf.sh).
#
#   eng/e2e.sh [--modes "tunnel direct hybrid"] [--agent DLL | --no-build] [--iperf SECONDS]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib/topology.sh"
source "$root/eng/lib/e2e-mesh.sh"

modes="tunnel direct hybrid" build=1 iperf=0 E2E_AGENT_DLL=$root/src/ClusterMesh.Agent/bin/Release/net10.0/clustermesh-agent.dll
while [ $# -gt 0 ]; do
  case $1 in
    --modes) modes=$2; shift ;;
    --agent) build=0 E2E_AGENT_DLL=$(realpath "$2"); shift ;;
    --no-build) build=0 ;;
    --iperf) iperf=$2; shift ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
  esac
  shift
done
log() { printf '[e2e %s] %s\n' "$(date +%T)" "$*" >&2; }
[ "$(id -u)" -eq 0 ] || { log "needs root (namespaces, bpf)"; echo "0 passed, 1 failed"; exit 1; }
for tool in ip bpftool etcd etcdctl python3 ping nsenter dotnet; do
  command -v "$tool" >/dev/null || { log "$tool is not installed"; echo "0 passed, 1 failed"; exit 1; }
done

run=$(mktemp -d "${TMPDIR:-/tmp}/clustermesh-e2e.XXXXXX")
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); log "FAIL: $*"; }

# Per mode: stop agents and etcd, delete namespaces and pins. Also the EXIT trap, so a failure cleans up too.
teardown_mode() {
  e2e_stop_agents
  e2e_stop_etcd
  topo_teardown
  [ -n "${TOPO_PREFIX:-}" ] && rm -rf /sys/fs/bpf/clustermesh/"$TOPO_PREFIX"-*
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  teardown_mode
  rm -rf "$run"
  exit "$status"
}

if [ "$build" -eq 1 ]; then
  log "building the agent (Release)"
  dotnet build "$root/src/ClusterMesh.Agent" -c Release -nologo -v q -clp:ErrorsOnly >"$run/build.log" 2>&1 \
    || { cat "$run/build.log" >&2; rm -rf "$run"; log "build failed"; echo "0 passed, 1 failed"; exit 1; }
fi
[ -f "$E2E_AGENT_DLL" ] || { log "no agent at $E2E_AGENT_DLL"; rm -rf "$run"; echo "0 passed, 1 failed"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
e2e_layout
base_prefix=cm$(head -c 8 /dev/urandom | sha256sum | cut -c1-4)

pod_ns() { topo_pod_ns "${e2e_pod_node[$1]}" "$1"; }
ping_ok() { ip netns exec "$(pod_ns "$1")" ping -c 1 -W 1 -q "$2" >/dev/null 2>&1; }
tcp_ok() {
  ip netns exec "$(pod_ns "$1")" timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/7000" && read -r -t 2 line <&3 && [ "$line" = "$1" ]' "$2" "ok-$2" 2>/dev/null
}
# A one-line TCP answering service per pod: "ok-<its ip>" to every connection.
start_listeners() {
  local pod
  for pod in "${e2e_pods[@]}"; do
    ip netns exec "$(pod_ns "$pod")" python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 7000)); s.listen(64)
while True:
    c, _ = s.accept(); c.sendall(("ok-" + sys.argv[1] + "\n").encode()); c.close()' "${e2e_pod_ip[$pod]}" >/dev/null 2>&1 &
    disown $!
  done
  for pod in "${e2e_pods[@]}"; do
    wait_until 20 listening "$pod" || log "$pod: the TCP listener did not start"
  done
}
listening() { ip netns exec "$(pod_ns "$1")" ss -ltnH 'sport = :7000' 2>/dev/null | grep -q LISTEN; }

# The matrix: every ordered pair, ping (P) and TCP (T); each source pod's row is probed in parallel.
matrix() {
  local mode=$1 src dst out=$run/matrix rows=()
  rm -rf "$out"; mkdir -p "$out"
  for src in "${e2e_pods[@]}"; do
    (
      for dst in "${e2e_pods[@]}"; do
        [ "$src" = "$dst" ] && continue
        p=-; t=-
        ping_ok "$src" "${e2e_pod_ip[$dst]}" && p=P
        tcp_ok "$src" "${e2e_pod_ip[$dst]}" && t=T
        echo "$dst $p$t" >>"$out/$src"
      done
    ) &
    rows+=($!)
  done
  wait "${rows[@]}"
  echo "== $mode: reachability (P ping, T tcp) =="
  printf '%-9s' 'from\to'; for dst in "${e2e_pods[@]}"; do printf ' %-7s' "$dst"; done; printf '\n'
  for src in "${e2e_pods[@]}"; do
    printf '%-9s' "$src"
    for dst in "${e2e_pods[@]}"; do
      if [ "$src" = "$dst" ]; then printf ' %-7s' '.'; continue; fi
      cell=$(awk -v d="$dst" '$1 == d { print $2 }' "$out/$src")
      printf ' %-7s' "$cell"
      case $cell in PT) pass; pass ;; P-) pass; fail "$mode: tcp $src -> $dst" ;; -T) pass; fail "$mode: ping $src -> $dst" ;; *) fail "$mode: ping $src -> $dst"; fail "$mode: tcp $src -> $dst" ;; esac
    done
    printf '\n'
  done
}

# Our programs carried the traffic: tunnel transmits only where the mode tunnels, direct ones only where it routes.
check_paths() {
  local mode=$1 node tunnel direct
  for node in "${E2E_NODES[@]}"; do
    tunnel=$(e2e_counter "$node" 1) direct=$(( $(e2e_counter "$node" 3) + $(e2e_counter "$node" 4) ))
    case $mode in
      tunnel) [ "$tunnel" -gt 0 ] && [ "$direct" -eq 0 ] ;;
      direct) [ "$direct" -gt 0 ] && [ "$tunnel" -eq 0 ] ;;
      hybrid) [ "$direct" -gt 0 ] && [ "$tunnel" -gt 0 ] ;;
    esac && pass || fail "$mode: $node counters tunnel_tx=$tunnel direct=$direct do not fit the mode"
  done
}

wait_until() { # SECONDS CMD...: poll CMD every 0.1 s
  local limit=$(( $1 * 10 )); shift
  for _ in $(seq "$limit"); do "$@" && return 0; sleep 0.1; done
  return 1
}
not() { ! "$@"; }

# Delete c2n2-p2 in cluster2: its manifest file and its namespace.
check_pod_delete() {
  local mode=$1 gone=c2n2-p2 ip
  ip=${e2e_pod_ip[$gone]}
  rm -f "$run/manifests/cluster2/pod-$gone.yaml"
  # Its processes first (the TCP listener): a namespace lives on, veth and all, while a process is inside it.
  ip netns pids "$(pod_ns "$gone")" | xargs -r kill -KILL
  ip netns delete "$(pod_ns "$gone")"
  for node in c1n1 c1n2; do
    wait_until 20 not e2e_map_has "$node" cm_ipcache "$ip" && pass || fail "$mode: $ip still in $node's cm_ipcache"
  done
  wait_until 20 not e2e_map_has c2n2 cm_endpoints "$ip" && pass || fail "$mode: $ip still in c2n2's cm_endpoints"
  not ping_ok c1n1-p1 "$ip" && pass || fail "$mode: deleted pod $ip still answers c1n1-p1"
  ping_ok c1n1-p1 "${e2e_pod_ip[c2n2-p1]}" && pass || fail "$mode: c2n2-p1 unreachable after deleting its neighbour"
}

# Kill c1n1's agent; traffic keeps flowing; start it again; no map entry flushed.
check_restart() {
  local mode=$1 node=c1n1 map before after
  declare -A counts
  for map in cm_ipcache cm_tunnel cm_routes cm_endpoints; do counts[$map]=$(e2e_map_count "$node" "$map"); done
  kill -KILL "${e2e_agent_pid[$node]}"; wait "${e2e_agent_pid[$node]}" 2>/dev/null
  ping_ok c1n1-p1 "${e2e_pod_ip[c2n1-p1]}" && ping_ok c1n1-p2 "${e2e_pod_ip[c1n1-p1]}" && tcp_ok c1n1-p1 "${e2e_pod_ip[c1n2-p1]}" \
    && pass || fail "$mode: traffic stopped while $node's agent was down"
  e2e_start_agent "$run" "$node"
  if e2e_wait_ready "$run" "$node"; then pass; else fail "$mode: $node's agent did not come back"; fi
  for map in cm_ipcache cm_tunnel cm_routes cm_endpoints; do
    after=$(e2e_map_count "$node" "$map")
    [ "$after" = "${counts[$map]}" ] && pass || fail "$mode: $node $map had ${counts[$map]} entries, ${after} after the restart"
  done
  ping_ok c1n1-p1 "${e2e_pod_ip[c2n1-p1]}" && pass || fail "$mode: traffic after $node's restart"
  grep -q 'detached\|replacing it with a new, empty map' "$run/$node.log" && fail "$mode: restart replaced maps or detached programs" || pass
}

# iperf3 from pod SRC to pod DST for $iperf seconds (server runs once in DST).
measure() {
  local label=$1 src=$2 dst=$3 gbits
  ip netns exec "$(pod_ns "$dst")" iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
  local server=$!
  wait_until 5 bash -c "ip netns exec '$(pod_ns "$dst")' ss -ltnH 'sport = :5201' | grep -q LISTEN"
  gbits=$(ip netns exec "$(pod_ns "$src")" iperf3 -c "${e2e_pod_ip[$dst]}" -p 5201 -t "$iperf" -f g 2>&1 \
    | awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Gbits/sec") print $(i - 1) }')
  wait "$server" 2>/dev/null
  if [ -n "$gbits" ]; then printf 'iperf3 %s: %s Gbit/s\n' "$label" "$gbits"; pass; else fail "iperf3 $label: no result"; fi
}

# 100,000 /32 entries (172.16.0.0 + i, identity 10000) into a node's cm_ipcache, through one bpftool batch.
load_ipcache() {
  python3 - "$(e2e_pins "$1")/cm_ipcache" >"$run/batch-$1" <<'PY'
import sys
path = sys.argv[1]
for i in range(100000):
    a = [172, 16 + (i >> 16), (i >> 8) & 255, i & 255]
    key = [64, 0, 0, 0, 4, 0, 0, 0] + a + [0] * 12
    value = [0x10, 0x27, 0, 0] + [0] * 8
    print("map update pinned", path, "key", *key, "value", *value)
PY
  bpftool batch file "$run/batch-$1" >/dev/null
  rm -f "$run/batch-$1"
}

# Three rounds each (the machine is shared: eng/bench-ebpf.sh reports medians). The agents and etcds are paused
# meanwhile (pinned maps and links keep the datapath running): the plain-kernel baseline has no control plane, and
# on two cores an idle .NET agent per node still takes CPU from iperf3.
benchmark() {
  local round
  control_plane STOP
  for round in 1 2 3; do
    measure "same node (ebpf)" c1n1-p1 c1n1-p2
    measure "across clusters (ebpf tunnel)" c1n1-p1 c2n1-p1
  done
  load_ipcache c1n1 && load_ipcache c2n1 && pass || fail "loading 100,000 ipcache entries"
  log "cm_ipcache of c1n1: $(e2e_map_count c1n1 cm_ipcache) entries"
  for round in 1 2 3; do
    measure "across clusters (ebpf tunnel, +100000 ipcache entries)" c1n1-p1 c2n1-p1
  done
  control_plane CONT
}

# control_plane STOP|CONT - signals every agent and etcd of this mode.
control_plane() {
  local pid
  for pid in "${e2e_agent_pid[@]}" "${e2e_etcd_pid[@]}"; do kill "-$1" "$pid" 2>/dev/null || true; done
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
for mode in $modes; do
  TOPO_PREFIX="$base_prefix${mode:0:1}"
  log "mode $mode (prefix $TOPO_PREFIX)"
  rm -rf "$run/manifests" "$run"/cluster* "$run"/*.log "$run"/*.status.json
  e2e_manifests "$run/manifests" "$mode"
  topo_underlay
  for node in "${E2E_NODES[@]}"; do topo_add_node "$node" "$(e2e_node_ip "$node")/16"; done
  for pod in "${e2e_pods[@]}"; do
    topo_add_pod "${e2e_pod_node[$pod]}" default "$pod" "${e2e_pod_ip[$pod]}"
    # Where packets may be encapsulated, pods get the underlay MTU minus VXLAN's 50 bytes, as Cilium's CNI does:
    # bpf_redirect into the VXLAN device skips the route MTU that would otherwise make TCP segment smaller.
    [ "$mode" = direct ] || ip -n "$(pod_ns "$pod")" link set eth0 mtu 1450
  done
  if ! e2e_etcd "$run"; then fail "$mode: etcd did not start"; teardown_mode; continue; fi
  for node in "${E2E_NODES[@]}"; do e2e_start_agent "$run" "$node"; done
  if ! e2e_wait_ready "$run" "${E2E_NODES[@]}"; then fail "$mode: agents not ready"; teardown_mode; continue; fi
  # Ready means synced; the last remote entries may still be on their way into the maps.
  for node in "${E2E_NODES[@]}"; do
    wait_until 30 test "$(e2e_map_count "$node" cm_ipcache)" -ge "${#e2e_pods[@]}" \
      || log "$node: cm_ipcache has $(e2e_map_count "$node" cm_ipcache) entries, expected ${#e2e_pods[@]}"
  done
  pass # the mesh came up
  start_listeners
  matrix "$mode"
  [ -n "${E2E_PAUSE:-}" ] && { log "paused: touch $run/continue"; while [ ! -e "$run/continue" ]; do sleep 1; done; }
  check_paths "$mode"
  [ "$iperf" != 0 ] && [ "$mode" = tunnel ] && benchmark
  check_restart "$mode"
  check_pod_delete "$mode"
  teardown_mode
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

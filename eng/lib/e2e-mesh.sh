#!/usr/bin/env bash
# The ClusterMesh side of eng/e2e.sh (sourced after eng/lib/topology.sh): manifests per cluster, one etcd per
# cluster inside the underlay namespace, one `clustermesh-agent run --datapath ebpf` per node inside its node
# namespace, and map dumps. Layout (as eng/e2e-baseline.sh): cluster C, node N -> node c<C>n<N>, Kubernetes node
# cluster<C>-node<N>, IP 192.168.C.(10+N)/16, pod CIDR 10.C.N.0/24, pods c<C>n<N>-p1/-p2 at .11/.12.
#
# etcd listens on 192.168.0.1 (an address of the underlay bridge), because the agents live in node namespaces
# and cannot reach the root namespace's loopback; plain http there (mesh-up.sh covers mTLS and read-only users).
# Agents start with `nsenter --net=` (not `ip netns exec`, whose private mount namespace would hide the pins).

E2E_ETCD_ADDRESS=192.168.0.1
E2E_SEGMENT_LABEL=mesh.clustermesh.io/l2-segment
E2E_CLUSTERS=(1 2)
E2E_NODES=(c1n1 c1n2 c2n1 c2n2)
e2e_pods=()
declare -A e2e_pod_ip e2e_pod_node e2e_agent_pid e2e_etcd_pid

e2e_node_name() { printf 'cluster%s-node%s' "${1:1:1}" "${1:3:1}"; }
e2e_node_ip() { printf '192.168.%s.%s' "${1:1:1}" "$((10 + ${1:3:1}))"; }
e2e_pins() { printf '/sys/fs/bpf/clustermesh/%s-%s' "$TOPO_PREFIX" "$1"; }
e2e_ns_path() { printf '/var/run/netns/%s' "$(topo_ns "$1")"; }

# e2e_layout - fills e2e_pods, e2e_pod_ip, e2e_pod_node.
e2e_layout() {
  local node p pod
  e2e_pods=()
  for node in "${E2E_NODES[@]}"; do
    for p in 1 2; do
      pod="$node-p$p"
      e2e_pods+=("$pod")
      e2e_pod_ip[$pod]="10.${node:1:1}.${node:3:1}.$((10 + p))"
      e2e_pod_node[$pod]=$node
    done
  done
}

# e2e_manifests DIR MODE - one folder per cluster: cilium-config (routing-mode), nodes, one file per pod.
# Hybrid: each cluster's nodes share one L2 segment, the clusters are on different segments.
e2e_manifests() {
  local dir=$1 mode=$2 c node pod labels
  for c in "${E2E_CLUSTERS[@]}"; do
    mkdir -p "$dir/cluster$c"
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n  cluster-name: cluster%s\n  cluster-id: "%s"\n  max-connected-clusters: "255"\n  routing-mode: %s\n' \
      "$c" "$c" "$mode" >"$dir/cluster$c/cilium-config.yaml"
  done
  for node in "${E2E_NODES[@]}"; do
    labels=""
    [ "$mode" = hybrid ] && labels="    $E2E_SEGMENT_LABEL: segment-${node:1:1}"$'\n'
    printf 'apiVersion: v1\nkind: Node\nmetadata:\n  name: %s\n  labels:\n    kubernetes.io/hostname: %s\n%sspec:\n  podCIDR: 10.%s.%s.0/24\nstatus:\n  addresses:\n    - type: InternalIP\n      address: %s\n' \
      "$(e2e_node_name "$node")" "$(e2e_node_name "$node")" "$labels" "${node:1:1}" "${node:3:1}" "$(e2e_node_ip "$node")" \
      >"$dir/cluster${node:1:1}/node-$node.yaml"
  done
  for pod in "${e2e_pods[@]}"; do
    node=${e2e_pod_node[$pod]}
    printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  namespace: default\n  uid: %s\n  labels:\n    name: %s\n    org: e2e\nspec:\n  nodeName: %s\n  containers:\n    - name: app\n      image: none\nstatus:\n  phase: Running\n  podIP: %s\n' \
      "$pod" "$TOPO_PREFIX-$pod" "$pod" "$(e2e_node_name "$node")" "${e2e_pod_ip[$pod]}" >"$dir/cluster${node:1:1}/pod-$pod.yaml"
  done
}

# e2e_etcd DIR - one etcd per cluster in the underlay namespace; writes DIR/clusterC/{etcd-config.yaml,clustermesh/}.
e2e_etcd() {
  local dir=$1 c r ul
  ul=$(topo_ns ul)
  ip -n "$ul" addr add "$E2E_ETCD_ADDRESS/16" dev br0
  for c in "${E2E_CLUSTERS[@]}"; do
    mkdir -p "$dir/cluster$c/clustermesh"
    nsenter --net="/var/run/netns/$ul" etcd --name="cluster$c" --data-dir="$dir/cluster$c/etcd" --logger=zap --log-level=error \
      --listen-client-urls="http://$E2E_ETCD_ADDRESS:$((2378 + 2 * c))" --advertise-client-urls="http://$E2E_ETCD_ADDRESS:$((2378 + 2 * c))" \
      --listen-peer-urls="http://127.0.0.1:$((2379 + 2 * c))" --initial-advertise-peer-urls="http://127.0.0.1:$((2379 + 2 * c))" \
      --initial-cluster="cluster$c=http://127.0.0.1:$((2379 + 2 * c))" --initial-cluster-state=new >"$dir/cluster$c/etcd.log" 2>&1 &
    e2e_etcd_pid[$c]=$!
    printf 'endpoints:\n- http://%s:%s\n' "$E2E_ETCD_ADDRESS" "$((2378 + 2 * c))" >"$dir/cluster$c/etcd-config.yaml"
  done
  for c in "${E2E_CLUSTERS[@]}"; do
    for r in "${E2E_CLUSTERS[@]}"; do
      [ "$r" = "$c" ] || cp "$dir/cluster$r/etcd-config.yaml" "$dir/cluster$c/clustermesh/cluster$r"
    done
    for _ in $(seq 100); do
      nsenter --net="/var/run/netns/$ul" etcdctl --endpoints="http://$E2E_ETCD_ADDRESS:$((2378 + 2 * c))" endpoint health >/dev/null 2>&1 && continue 2
      sleep 0.1
    done
    cat "$dir/cluster$c/etcd.log" >&2
    return 1
  done
}

# e2e_start_agent DIR NODE - the node's agent in its namespace, in the background.
e2e_start_agent() {
  local dir=$1 node=$2 c=${2:1:1}
  rm -f "$dir/$node.status.json"
  nsenter --net="$(e2e_ns_path "$node")" dotnet "$E2E_AGENT_DLL" run --manifests "$dir/manifests/cluster$c" \
    --cluster "cluster$c" --node "$(e2e_node_name "$node")" --kvstore-config "$dir/cluster$c/etcd-config.yaml" \
    --clustermesh-config "$dir/cluster$c/clustermesh" --datapath ebpf --bpf-pin-dir "$(e2e_pins "$node")" \
    --status-file "$dir/$node.status.json" --log-level Information >>"$dir/$node.log" 2>&1 &
  e2e_agent_pid[$node]=$!
}

# e2e_wait_ready DIR NODE... - until every node's status file says ready (60 s), or an agent died.
e2e_wait_ready() {
  local dir=$1 node; shift
  for _ in $(seq 600); do
    local all=1
    for node in "$@"; do
      grep -q '"ready": true' "$dir/$node.status.json" 2>/dev/null && continue
      all=0
      kill -0 "${e2e_agent_pid[$node]}" 2>/dev/null || { echo "agent of $node exited:" >&2; tail -n 20 "$dir/$node.log" >&2; return 1; }
    done
    [ "$all" -eq 1 ] && return 0
    sleep 0.1
  done
  echo "agents not ready in 60 s: $*" >&2
  return 1
}

# e2e_map_count NODE MAP - entries in the node's pinned map.
e2e_map_count() {
  bpftool -j map dump pinned "$(e2e_pins "$1")/$2" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# e2e_map_has NODE MAP IP - whether the map has a key holding the IPv4 address IP (LPM or endpoint key).
e2e_map_has() {
  bpftool -j map dump pinned "$(e2e_pins "$1")/$2" 2>/dev/null | python3 -c '
import json, sys
want = [int(x) for x in sys.argv[1].split(".")]
for entry in json.load(sys.stdin):
    key = [int(b, 16) for b in entry["key"]]
    if key[4:8] == want or key[8:12] == want:
        sys.exit(0)
sys.exit(1)' "$3"
}

# e2e_counter NODE NAME - a cm_counters slot summed over CPUs (LOCAL_DELIVERY=0 TUNNEL_TX=1 TUNNEL_RX=2
# DIRECT_TX=3 DIRECT_RX=4 DROP_NO_ROUTE=5 DROP_UNKNOWN_SOURCE=6 PASS_TO_STACK=7).
e2e_counter() {
  bpftool -j map lookup pinned "$(e2e_pins "$1")/cm_counters" key "$2" 0 0 0 2>/dev/null | python3 -c '
import json, sys
entry = json.load(sys.stdin)
entry = entry[0] if isinstance(entry, list) else entry
values = entry.get("values") or entry.get("formatted", {}).get("values") or []
def number(v):
    return v if isinstance(v, int) else int.from_bytes(bytes(int(b, 16) for b in v), "little")
print(sum(number(v["value"]) for v in values))' 2>/dev/null || echo 0
}

# e2e_stop_agents - SIGTERM every agent, then wait for them.
e2e_stop_agents() {
  local node
  for node in "${!e2e_agent_pid[@]}"; do kill -TERM "${e2e_agent_pid[$node]}" 2>/dev/null || true; done
  for node in "${!e2e_agent_pid[@]}"; do wait "${e2e_agent_pid[$node]}" 2>/dev/null || true; done
  e2e_agent_pid=()
}

e2e_stop_etcd() {
  local c
  for c in "${!e2e_etcd_pid[@]}"; do kill -TERM "${e2e_etcd_pid[$c]}" 2>/dev/null || true; done
  for c in "${!e2e_etcd_pid[@]}"; do wait "${e2e_etcd_pid[$c]}" 2>/dev/null || true; done
  e2e_etcd_pid=()
}

#!/usr/bin/env bash
# Datapath test topology, sourced by e2e scripts (see docs in ARCHITECTURE.md, "Datapath topology"):
#
#   underlay  namespace "$TOPO_PREFIX-ul" with bridge br0; nothing routes out of the machine.
#   node      namespace "$TOPO_PREFIX-<node>", joined to br0 by a veth (eth0 in the node, u-<node> in the
#             underlay), IPv4 forwarding on; optionally an external-mode (collect_md) VXLAN device on port 8472.
#   pod       namespace "$TOPO_PREFIX-<node>-<pod>" with one veth: eth0 inside (IP/32), the host side in the node
#             named like the agent names it (EndpointInterfaceNames.HostSide): "lxc" + first 11 hex characters
#             of sha256("<k8s-namespace>/<pod>").
#
# Pod gateway: every pod's default route is "via 169.254.1.1 dev eth0 onlink", and the pod holds a permanent
# neighbour entry 169.254.1.1 -> MAC of its host-side veth. So frames for any destination go to the node's veth
# without anyone answering ARP for the gateway and without giving the node an address in the pod CIDR; the node
# reaches the pod through a /32 route on the host-side veth (the pod answers the node's ARP for its own IP).
#
# Usage:  source eng/lib/topology.sh; topo_init [PREFIX]; topo_underlay; topo_add_node n1 192.168.1.11/16; ...
# topo_init installs topo_teardown as an EXIT trap: every namespace (and any stray root-namespace link) named
# with the prefix is removed, also when the script fails or is interrupted.

TOPO_GATEWAY=169.254.1.1
TOPO_VXLAN_PORT=8472

# topo_init [PREFIX] - picks a per-run prefix (default cm + 5 random hex) and installs the teardown trap.
topo_init() {
  TOPO_PREFIX=${1:-cm$(head -c 8 /dev/urandom | sha256sum | cut -c1-5)}
  trap topo_teardown EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# topo_ns NAME - the full namespace name for NAME.
topo_ns() { printf '%s-%s' "$TOPO_PREFIX" "$1"; }

# endpoint_host_side K8S_NAMESPACE POD - host-side interface name (same as EndpointInterfaceNames.HostSide).
endpoint_host_side() {
  printf 'lxc%s' "$(printf '%s/%s' "$1" "$2" | sha256sum | cut -c1-11)"
}

# topo_underlay - the underlay namespace and its bridge.
topo_underlay() {
  local ul; ul=$(topo_ns ul)
  ip netns add "$ul"
  ip -n "$ul" link set lo up
  ip -n "$ul" link add name br0 type bridge
  ip -n "$ul" link set br0 up
}

# topo_add_node NODE ADDRESS/PLEN - a node namespace on the underlay bridge.
topo_add_node() {
  local node=$1 address=$2 ns ul
  ns=$(topo_ns "$node") ul=$(topo_ns ul)
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ul" link add name "u-$node" type veth peer name eth0 netns "$ns"
  ip -n "$ul" link set "u-$node" master br0 up
  ip -n "$ns" addr add "$address" dev eth0
  ip -n "$ns" link set eth0 up
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
}

# topo_add_vxlan_external NODE [DEVICE] - external-mode VXLAN (tunnel key set per packet by BPF), learning off.
topo_add_vxlan_external() {
  local ns dev=${2:-cilium_vxlan}
  ns=$(topo_ns "$1")
  ip -n "$ns" link add name "$dev" type vxlan external dstport "$TOPO_VXLAN_PORT" nolearning
  ip -n "$ns" link set "$dev" up
}

# topo_add_pod NODE K8S_NAMESPACE POD IP - a pod namespace with one veth, default route via the node.
topo_add_pod() {
  local node=$1 k8s_ns=$2 pod=$3 ip=$4 nodens ns host mac
  nodens=$(topo_ns "$node") ns=$(topo_ns "$node-$pod") host=$(endpoint_host_side "$k8s_ns" "$pod")
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$nodens" link add name "$host" type veth peer name eth0 netns "$ns"
  ip -n "$nodens" link set "$host" up
  ip -n "$nodens" route add "$ip/32" dev "$host"
  mac=$(ip -n "$nodens" -br link show dev "$host" | awk '{print $3}')
  ip -n "$ns" addr add "$ip/32" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" neigh add "$TOPO_GATEWAY" lladdr "$mac" dev eth0 nud permanent
  ip -n "$ns" route add default via "$TOPO_GATEWAY" dev eth0 onlink
}

# topo_pod_ns NODE POD - the namespace of a pod added by topo_add_pod.
topo_pod_ns() { topo_ns "$1-$2"; }

# topo_teardown - removes every namespace and root-namespace link named with the prefix. Safe to call twice.
topo_teardown() {
  [ -n "${TOPO_PREFIX:-}" ] || return 0
  local ns link
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -- "^$TOPO_PREFIX-" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
  done
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -- "^$TOPO_PREFIX" || true); do
    ip link delete "$link" 2>/dev/null || true
  done
}

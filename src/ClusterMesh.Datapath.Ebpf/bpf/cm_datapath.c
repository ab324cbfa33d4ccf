// SPDX-License-Identifier: GPL-2.0
/* ClusterMesh IPv4 datapath: three tc ingress programs sharing the maps of cm_maps.h.
 * Every helper is __always_inline so the object has no .text and no bpf-to-bpf calls (the managed loader only
 * handles map and global-data relocations). IPv6 and non-IP frames pass to the stack untouched. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <stddef.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "cm_maps.h"

#define CM_AF_INET 2
#define CM_VNI_MASK 0xffffffu
#define CM_TUNNEL_TTL 64
/* Key sizes the kernel accepts since 4.x; local_ipv4 and later fields stay unused. */
#define CM_TUNNEL_KEY_SIZE offsetof(struct bpf_tunnel_key, local_ipv4)

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct cm_lpm_key);
	__type(value, struct cm_ipcache_value);
	__uint(max_entries, CM_IPCACHE_MAX_ENTRIES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} cm_ipcache SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct cm_lpm_key);
	__type(value, struct cm_tunnel_value);
	__uint(max_entries, CM_TUNNEL_MAX_ENTRIES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} cm_tunnel SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct cm_lpm_key);
	__type(value, struct cm_route_value);
	__uint(max_entries, CM_ROUTES_MAX_ENTRIES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} cm_routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct cm_endpoint_key);
	__type(value, struct cm_endpoint_value);
	__uint(max_entries, CM_ENDPOINTS_MAX_ENTRIES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} cm_endpoints SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct cm_config);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} cm_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, CM_CTR_MAX);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} cm_counters SEC(".maps");

static __always_inline void count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&cm_counters, &counter);

	if (value)
		*value += 1; /* per-CPU slot: no other writer */
}

/* The IPv4 header after the Ethernet header, or NULL when the frame is not IPv4 or too short. */
static __always_inline struct iphdr *ipv4_header(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return NULL;
	return ip;
}

static __always_inline struct cm_endpoint_value *local_endpoint(__be32 address)
{
	struct cm_endpoint_key key;
	struct cm_endpoint_value *endpoint;

	/* Field by field rather than an initializer: clang would keep a template copy in .rodata. */
	__builtin_memset(&key, 0, sizeof(key));
	key.family = CM_FAMILY_IPV4;
	__builtin_memcpy(key.addr, &address, sizeof(address));
	endpoint = bpf_map_lookup_elem(&cm_endpoints, &key);
	return endpoint && endpoint->ifindex ? endpoint : NULL; /* ifindex 0: known but not attached yet */
}

static __always_inline void host_prefix(struct cm_lpm_key *key, __be32 address)
{
	__builtin_memset(key, 0, sizeof(*key));
	key->prefixlen = 32 + 32; /* family and pad, then the whole IPv4 address */
	key->family = CM_FAMILY_IPV4;
	__builtin_memcpy(key->addr, &address, sizeof(address));
}

/* Rewrites both MACs; re-derives the packet pointers because earlier helpers may have invalidated them. */
static __always_inline int rewrite_eth(struct __sk_buff *skb, const __u8 *dst, const __u8 *src)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return -1;
	__builtin_memcpy(eth->h_dest, dst, ETH_ALEN);
	__builtin_memcpy(eth->h_source, src, ETH_ALEN);
	return 0;
}

/* Hands the packet to a pod on this node: straight into its namespace through the veth peer. */
static __always_inline int deliver_local(struct __sk_buff *skb, struct cm_endpoint_value *endpoint, __u32 counter)
{
	if (rewrite_eth(skb, endpoint->pod_mac, endpoint->host_mac) < 0)
		return TC_ACT_SHOT;
	count(counter);
	return bpf_redirect_peer(endpoint->ifindex, 0);
}

/* Encapsulates towards node_address (network order) with the source identity in the VNI. A tunnel back to this
 * node means the destination should have been a local endpoint but is not one: dropped, like the Simulation. */
static __always_inline int send_tunnel(struct __sk_buff *skb, __u32 node_address, __u32 identity)
{
	__u32 zero = 0;
	struct cm_config *config = bpf_map_lookup_elem(&cm_config, &zero);
	struct bpf_tunnel_key key = {};

	if (!config || !config->vxlan_ifindex || !node_address || node_address == config->node_address) {
		count(CM_CTR_DROP_NO_ROUTE);
		return TC_ACT_SHOT;
	}
	key.tunnel_id = identity & CM_VNI_MASK;
	key.remote_ipv4 = bpf_ntohl(node_address); /* the helper takes host order */
	key.tunnel_ttl = CM_TUNNEL_TTL;
	if (bpf_skb_set_tunnel_key(skb, &key, CM_TUNNEL_KEY_SIZE, 0) < 0) {
		count(CM_CTR_DROP_NO_ROUTE);
		return TC_ACT_SHOT;
	}
	count(CM_CTR_TUNNEL_TX);
	return bpf_redirect(config->vxlan_ifindex, 0);
}

static __always_inline int send_direct(struct __sk_buff *skb, struct iphdr *ip)
{
	struct bpf_fib_lookup fib = {};

	fib.family = CM_AF_INET;
	fib.l4_protocol = ip->protocol;
	fib.tot_len = bpf_ntohs(ip->tot_len);
	fib.tos = ip->tos;
	fib.ipv4_src = ip->saddr;
	fib.ipv4_dst = ip->daddr;
	fib.ifindex = skb->ingress_ifindex;
	if (bpf_fib_lookup(skb, &fib, sizeof(fib), 0) != BPF_FIB_LKUP_RET_SUCCESS
	    || rewrite_eth(skb, fib.dmac, fib.smac) < 0) {
		count(CM_CTR_PASS_TO_STACK); /* no neighbour yet or no route: the kernel resolves it */
		return TC_ACT_OK;
	}
	count(CM_CTR_DIRECT_TX);
	return bpf_redirect(fib.ifindex, 0);
}

/* tc ingress of a pod's host-side veth: packets the pod sends. The order is the Simulation's (its Egress walk):
 * the sender must be a local endpoint (anything else is spoofed); a local receiver is delivered; a destination
 * outside the ipcache leaves the mesh through the node's stack; then a direct route when this node has one for
 * the destination (installed only for nodes it routes to directly), else the tunnel: the ipcache's tunnel
 * endpoint, or without one the tunnel map's entry for the destination's pod CIDR. */
SEC("tc")
int from_container(struct __sk_buff *skb)
{
	struct iphdr *ip = ipv4_header(skb);
	struct cm_endpoint_value *sender;
	struct cm_endpoint_value *receiver;
	struct cm_ipcache_value *info;
	struct cm_tunnel_value *tunnel;
	struct cm_lpm_key key;
	__u32 node_address;

	if (!ip)
		return TC_ACT_OK;
	sender = local_endpoint(ip->saddr);
	if (!sender) {
		count(CM_CTR_DROP_UNKNOWN_SOURCE);
		return TC_ACT_SHOT;
	}
	receiver = local_endpoint(ip->daddr);
	if (receiver)
		return deliver_local(skb, receiver, CM_CTR_LOCAL_DELIVERY);
	host_prefix(&key, ip->daddr);
	info = bpf_map_lookup_elem(&cm_ipcache, &key);
	if (!info) {
		count(CM_CTR_PASS_TO_STACK);
		return TC_ACT_OK;
	}
	if (bpf_map_lookup_elem(&cm_routes, &key))
		return send_direct(skb, ip);
	node_address = info->tunnel_endpoint;
	if (!node_address) {
		tunnel = bpf_map_lookup_elem(&cm_tunnel, &key);
		node_address = tunnel ? tunnel->node_address : 0;
	}
	return send_tunnel(skb, node_address, sender->identity);
}

/* tc ingress of the VXLAN device in external mode: the source identity arrives in the VNI. */
SEC("tc")
int from_overlay(struct __sk_buff *skb)
{
	struct bpf_tunnel_key key = {};
	struct cm_endpoint_value *receiver;
	struct iphdr *ip;

	if (bpf_skb_get_tunnel_key(skb, &key, CM_TUNNEL_KEY_SIZE, 0) < 0) {
		count(CM_CTR_DROP_UNKNOWN_SOURCE);
		return TC_ACT_SHOT;
	}
	count(CM_CTR_TUNNEL_RX);
	ip = ipv4_header(skb);
	if (!ip)
		return TC_ACT_OK;
	receiver = local_endpoint(ip->daddr);
	if (receiver)
		return deliver_local(skb, receiver, CM_CTR_LOCAL_DELIVERY);
	count(CM_CTR_DROP_NO_ROUTE);
	return TC_ACT_SHOT;
}

/* tc ingress of the node's underlay device: directly routed packets for local pods. */
SEC("tc")
int from_netdev(struct __sk_buff *skb)
{
	struct cm_endpoint_value *receiver;
	struct iphdr *ip = ipv4_header(skb);

	if (!ip)
		return TC_ACT_OK;
	receiver = local_endpoint(ip->daddr);
	if (receiver)
		return deliver_local(skb, receiver, CM_CTR_DIRECT_RX);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";

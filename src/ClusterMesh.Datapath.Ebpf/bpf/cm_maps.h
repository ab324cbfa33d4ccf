/* Map layout shared by the BPF programs and the managed map writers (the C# files under Maps/).
 * This file is the wire contract between C and C#: change both sides together.
 * All addresses are in network byte order; all other integers in host (little-endian) order. */
#ifndef CM_MAPS_H
#define CM_MAPS_H

#include <linux/types.h>

#define CM_FAMILY_IPV4 4
#define CM_FAMILY_IPV6 6

/* Key of every LPM trie (ipcache, tunnel, routes). prefixlen counts the bits after itself:
 * 32 (family + pad) + the prefix length of the address. IPv4 addresses use the first 4 bytes of addr. */
struct cm_lpm_key {
	__u32 prefixlen;
	__u8 family;
	__u8 pad[3];
	__u8 addr[16];
};

/* cm_ipcache: prefix -> identity and tunnel endpoint. */
struct cm_ipcache_value {
	__u32 identity;
	__u32 tunnel_endpoint; /* IPv4 node address, 0 when local or outside the mesh */
	__u8 encrypt_key;
	__u8 pad[3];
};

/* cm_tunnel: remote pod CIDR -> node address (tunnel destination). */
struct cm_tunnel_value {
	__u32 node_address; /* IPv4 underlay address */
	__u8 encrypt_key;
	__u8 pad[3];
};

/* cm_routes: pod CIDR -> next hop for direct routing (the kernel FIB holds the same routes). */
struct cm_route_value {
	__u8 family;
	__u8 pad[3];
	__u8 next_hop[16];
};

/* cm_endpoints: local pod address -> where it lives on this node. */
struct cm_endpoint_key {
	__u8 family;
	__u8 pad[3];
	__u8 addr[16];
};

struct cm_endpoint_value {
	__u32 ifindex;      /* host-side veth of the pod; 0 when not attached */
	__u32 identity;
	__u32 endpoint_id;
	__u8 pod_mac[6];
	__u8 host_mac[6];   /* MAC of the host-side veth, the pod's gateway */
};

/* cm_config (array, 1 entry): node-wide settings written by the agent. */
struct cm_config {
	__u32 node_address;    /* this node's IPv4 underlay address */
	__u32 vxlan_ifindex;   /* the VXLAN device in external mode */
	__u32 netdev_ifindex;  /* the underlay device (direct routing) */
	__u32 flags;
};

/* cm_counters (per-CPU array): indexes below; the differential test reads them. */
enum cm_counter {
	CM_CTR_LOCAL_DELIVERY = 0,
	CM_CTR_TUNNEL_TX = 1,
	CM_CTR_TUNNEL_RX = 2,
	CM_CTR_DIRECT_TX = 3,
	CM_CTR_DIRECT_RX = 4,
	CM_CTR_DROP_NO_ROUTE = 5,
	CM_CTR_DROP_UNKNOWN_SOURCE = 6,
	CM_CTR_PASS_TO_STACK = 7,
	CM_CTR_MAX = 16,
};

#define CM_IPCACHE_MAX_ENTRIES 524288
#define CM_TUNNEL_MAX_ENTRIES 65536
#define CM_ROUTES_MAX_ENTRIES 65536
#define CM_ENDPOINTS_MAX_ENTRIES 65536

#endif

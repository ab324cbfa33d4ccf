// SPDX-License-Identifier: GPL-2.0
/* Test object for the ELF reader: global data in .rodata, .data and .bss (read through section symbols and
 * variable symbols), one BTF map, a program in a tcx/ingress section and a dual license. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} seen SEC(".maps");

volatile const __u32 limit = 5;            /* .rodata */
volatile const __u64 factors[3] = { 7, 11, 13 };
__u32 hits = 3;                            /* .data */
__u64 scratch[4];                          /* .bss */
static volatile __u32 hidden;              /* .bss, static: reached through the section symbol */

SEC("tcx/ingress")
int count_packets(struct __sk_buff *skb)
{
	__u32 key = skb->len & 7;
	__u64 *value = bpf_map_lookup_elem(&seen, &key);

	hits += 1;
	scratch[2] = factors[2];
	hidden = key;
	if (value && *value < limit)
		*value += 1;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "Dual BSD/GPL";

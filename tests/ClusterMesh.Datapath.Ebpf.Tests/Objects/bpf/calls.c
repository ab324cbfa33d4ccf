// SPDX-License-Identifier: GPL-2.0
/* Test object for the ELF reader: a helper that is not inlined becomes a bpf-to-bpf call into .text, which the
 * managed loader rejects. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int twice(int value)
{
	return value * 2;
}

SEC("tc")
int calls_a_function(struct __sk_buff *skb)
{
	return twice(skb->len) > 0 ? TC_ACT_OK : TC_ACT_SHOT;
}

char _license[] SEC("license") = "GPL";

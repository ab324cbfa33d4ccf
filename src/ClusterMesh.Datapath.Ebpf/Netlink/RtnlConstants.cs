namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <summary>Netlink and rtnetlink numbers from the kernel's uapi headers (linux/netlink.h, linux/rtnetlink.h, ...).</summary>
internal static class Nl
{
    public const ushort NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;
    public const ushort F_REQUEST = 0x1, F_MULTI = 0x2, F_ACK = 0x4, F_DUMP_INTR = 0x10;
    public const ushort F_DUMP = 0x300, F_REPLACE = 0x100, F_EXCL = 0x200, F_CREATE = 0x400;
    public const ushort F_ACK_TLVS = 0x200, F_CAPPED = 0x100;
    public const ushort NLMSGERR_ATTR_MSG = 1;
    public const ushort NLA_F_NESTED = 0x8000;
    public const ushort NLA_TYPE_MASK = 0x3fff;

    public const ushort RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19;
    public const ushort RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22;
    public const ushort RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26;
    public const ushort RTM_NEWNEIGH = 28, RTM_DELNEIGH = 29, RTM_GETNEIGH = 30;
    public const ushort RTM_NEWQDISC = 36, RTM_DELQDISC = 37;
    public const ushort RTM_NEWTFILTER = 44, RTM_DELTFILTER = 45, RTM_GETTFILTER = 46;

    public static string MessageName(ushort type) => type switch
    {
        RTM_NEWLINK => "RTM_NEWLINK", RTM_DELLINK => "RTM_DELLINK", RTM_GETLINK => "RTM_GETLINK", RTM_SETLINK => "RTM_SETLINK",
        RTM_NEWADDR => "RTM_NEWADDR", RTM_DELADDR => "RTM_DELADDR", RTM_GETADDR => "RTM_GETADDR",
        RTM_NEWROUTE => "RTM_NEWROUTE", RTM_DELROUTE => "RTM_DELROUTE", RTM_GETROUTE => "RTM_GETROUTE",
        RTM_NEWNEIGH => "RTM_NEWNEIGH", RTM_DELNEIGH => "RTM_DELNEIGH", RTM_GETNEIGH => "RTM_GETNEIGH",
        RTM_NEWQDISC => "RTM_NEWQDISC", RTM_DELQDISC => "RTM_DELQDISC",
        RTM_NEWTFILTER => "RTM_NEWTFILTER", RTM_DELTFILTER => "RTM_DELTFILTER", RTM_GETTFILTER => "RTM_GETTFILTER",
        _ => $"NLMSG({type})",
    };
}

/// <summary>IFLA_* link attributes and the nested kinds' attributes.</summary>
internal static class Ifla
{
    public const ushort ADDRESS = 1, IFNAME = 3, MTU = 4, LINK = 5, MASTER = 10, OPERSTATE = 16, LINKINFO = 18;
    public const ushort NET_NS_FD = 28;
    public const ushort INFO_KIND = 1, INFO_DATA = 2;
    public const ushort VETH_INFO_PEER = 1;
    public const ushort VXLAN_ID = 1, VXLAN_LINK = 3, VXLAN_LOCAL = 4, VXLAN_LEARNING = 7, VXLAN_PORT = 15;
    public const ushort VXLAN_LOCAL6 = 17, VXLAN_COLLECT_METADATA = 25;
    public const uint IFF_UP = 0x1;
}

/// <summary>Address, route and neighbour attributes and values.</summary>
internal static class Rt
{
    public const ushort IFA_ADDRESS = 1, IFA_LOCAL = 2;
    public const byte IFA_F_NODAD = 0x02;
    public const ushort RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PREFSRC = 7, RTA_TABLE = 15;
    public const byte RTN_UNICAST = 1, RTPROT_STATIC = 4;
    public const byte SCOPE_UNIVERSE = 0, SCOPE_LINK = 253, SCOPE_NOWHERE = 255;
    public const uint TABLE_MAIN = 254;
    public const uint RTNH_F_ONLINK = 4;
    public const ushort NDA_DST = 1, NDA_LLADDR = 2;
    public const ushort NUD_PERMANENT = 0x80;
}

/// <summary>Traffic-control numbers (linux/pkt_sched.h, linux/pkt_cls.h).</summary>
internal static class Tc
{
    public const ushort TCA_KIND = 1, TCA_OPTIONS = 2;
    public const ushort TCA_BPF_FD = 6, TCA_BPF_NAME = 7, TCA_BPF_FLAGS = 8, TCA_BPF_TAG = 10, TCA_BPF_ID = 11;
    public const uint TCA_BPF_FLAG_ACT_DIRECT = 1;
    public const uint ClsactParent = 0xFFFF_FFF1;   // TC_H_CLSACT (== TC_H_INGRESS)
    public const uint ClsactHandle = 0xFFFF_0000;   // TC_H_MAKE(TC_H_CLSACT, 0)
    public const uint IngressParent = 0xFFFF_FFF2;  // TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)
    public const uint EgressParent = 0xFFFF_FFF3;   // TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS)
    public const ushort EthPAllNetworkOrder = 0x0300; // htons(ETH_P_ALL)
}

using System.Net;
using System.Net.NetworkInformation;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <summary>A network device as <c>RTM_GETLINK</c> reports it.</summary>
/// <param name="Index">The interface index.</param>
/// <param name="Name">The interface name.</param>
/// <param name="Kind">The link kind (<c>veth</c>, <c>vxlan</c>, <c>bridge</c>, ...); null for devices without one (loopback, physical).</param>
/// <param name="Mtu">The MTU.</param>
/// <param name="MacAddress">The hardware address, when the device has one.</param>
/// <param name="IsUp">Whether the administrative IFF_UP flag is set.</param>
/// <param name="MasterIndex">The index of the bridge (or other master) the device is enslaved to; 0 for none.</param>
public sealed record LinkInfo(int Index, string Name, string? Kind, int Mtu, PhysicalAddress? MacAddress, bool IsUp, int MasterIndex);

/// <summary>Options of an external-mode (collect_md) VXLAN device: the tunnel key comes from BPF per packet.</summary>
/// <param name="Name">The device name (at most 15 bytes).</param>
/// <param name="Port">The UDP destination port; Cilium's default 8472.</param>
/// <param name="Local">The local (source) underlay address, or null to let the kernel choose.</param>
/// <param name="UnderlayDevice">The device the tunnel sends through, or null for any.</param>
public sealed record VxlanOptions(string Name, ushort Port = EbpfDatapathInfo.VxlanPort, IPAddress? Local = null, string? UnderlayDevice = null);

/// <summary>An interface address.</summary>
/// <param name="InterfaceIndex">The interface it belongs to.</param>
/// <param name="Address">The local address.</param>
/// <param name="PrefixLength">The prefix length.</param>
/// <param name="Scope">The address scope (0 universe, 253 link, 254 host).</param>
public sealed record AddressInfo(int InterfaceIndex, IPAddress Address, int PrefixLength, byte Scope);

/// <summary>A route to add, replace or delete in the main table.</summary>
/// <param name="Destination">The destination prefix (for example a node's pod CIDR, or <c>0.0.0.0/0</c>).</param>
/// <param name="Device">The output device name, or null to let the kernel pick it from the gateway.</param>
/// <param name="Gateway">The next hop, or null for a directly connected (scope link) route.</param>
/// <param name="Source">The preferred source address, or null.</param>
/// <param name="OnLink">Treat the gateway as directly reachable on <paramref name="Device"/> even without a covering prefix.</param>
public sealed record RouteSpec(IPNetwork Destination, string? Device = null, IPAddress? Gateway = null, IPAddress? Source = null, bool OnLink = false);

/// <summary>A route as <c>RTM_GETROUTE</c> reports it.</summary>
/// <param name="Destination">The destination prefix.</param>
/// <param name="Gateway">The next hop, if any.</param>
/// <param name="OutputInterfaceIndex">The output interface index; 0 when the route has none.</param>
/// <param name="Source">The preferred source address, if any.</param>
/// <param name="Table">The routing table (254 is main).</param>
/// <param name="Protocol">Who installed it (2 kernel, 3 boot, 4 static).</param>
/// <param name="Scope">The route scope (0 universe, 253 link, 254 host).</param>
/// <param name="Type">The route type (1 unicast, 2 local, ...).</param>
/// <param name="OnLink">Whether the onlink next-hop flag is set.</param>
public sealed record RouteInfo(IPNetwork Destination, IPAddress? Gateway, int OutputInterfaceIndex, IPAddress? Source, uint Table, byte Protocol, byte Scope, byte Type, bool OnLink);

/// <summary>A neighbour (ARP/NDP) entry.</summary>
/// <param name="InterfaceIndex">The interface it belongs to.</param>
/// <param name="Address">The neighbour's IP address.</param>
/// <param name="MacAddress">Its hardware address, when resolved.</param>
/// <param name="State">The NUD state bits (0x80 is permanent).</param>
public sealed record NeighbourInfo(int InterfaceIndex, IPAddress Address, PhysicalAddress? MacAddress, ushort State);

/// <summary>The hook of a clsact qdisc a filter attaches to.</summary>
public enum TcDirection
{
    /// <summary>Packets the device receives.</summary>
    Ingress,

    /// <summary>Packets the device sends.</summary>
    Egress,
}

/// <summary>A cls_bpf filter as <c>RTM_GETTFILTER</c> reports it.</summary>
/// <param name="InterfaceIndex">The device.</param>
/// <param name="Direction">The clsact hook.</param>
/// <param name="Priority">The filter priority (lower runs first).</param>
/// <param name="Handle">The filter handle.</param>
/// <param name="Kind">The classifier kind (<c>bpf</c> for ours).</param>
/// <param name="Name">The program name the filter was given, if any.</param>
/// <param name="ProgramId">The kernel's id of the attached program; 0 when not reported.</param>
/// <param name="DirectAction">Whether direct-action mode is on.</param>
public sealed record TcFilterInfo(int InterfaceIndex, TcDirection Direction, ushort Priority, uint Handle, string Kind, string? Name, uint ProgramId, bool DirectAction);

using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Ebpf.Maps;

/// <summary>cm_ipcache: prefix → identity, IPv4 tunnel endpoint (0 = none) and encryption key.</summary>
internal sealed class KernelIpCacheMap(BpfMap map) : KernelPrefixMap<IpCacheValue, IpCacheEntryValue>(map), IIpCacheMap
{
    protected override IpCacheEntryValue Encode(IpCacheValue value) => new()
    {
        Identity = value.Identity.Value,
        TunnelEndpoint = AddressBytes.ToIPv4Word(value.TunnelEndpoint, "tunnel endpoint"),
        EncryptKey = value.EncryptKey,
    };

    protected override IpCacheValue Decode(in IpCacheEntryValue raw) => new(
        new NumericIdentity(raw.Identity),
        raw.TunnelEndpoint == 0 ? null : AddressBytes.FromIPv4Word(raw.TunnelEndpoint),
        raw.EncryptKey);
}

/// <summary>cm_tunnel: remote pod CIDR → IPv4 node address and encryption key.</summary>
internal sealed class KernelTunnelMap(BpfMap map) : KernelPrefixMap<TunnelEndpoint, TunnelValue>(map), ITunnelMap
{
    protected override TunnelValue Encode(TunnelEndpoint value)
    {
        ArgumentNullException.ThrowIfNull(value.NodeAddress, nameof(value));
        return new() { NodeAddress = AddressBytes.ToIPv4Word(value.NodeAddress, "node address"), EncryptKey = value.EncryptKey };
    }

    protected override TunnelEndpoint Decode(in TunnelValue raw) => new(AddressBytes.FromIPv4Word(raw.NodeAddress), raw.EncryptKey);
}

/// <summary>cm_routes: pod CIDR → next hop of either family.</summary>
internal sealed unsafe class KernelRouteTable(BpfMap map) : KernelPrefixMap<IPAddress, RouteValue>(map), IRouteTable
{
    protected override RouteValue Encode(IPAddress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var raw = new RouteValue { Family = AddressBytes.FamilyOf(value) };
        AddressBytes.Write(value, new Span<byte>(raw.NextHop, 16));
        return raw;
    }

    protected override IPAddress Decode(in RouteValue raw)
    {
        fixed (byte* nextHop = raw.NextHop)
        {
            return new IPAddress(new ReadOnlySpan<byte>(nextHop, AddressBytes.BitsOf(raw.Family) / 8));
        }
    }
}

using System.Net.Sockets;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>
/// Nodes, checked as Cilium's validating node store checks them: the cluster and name agree with the key and the
/// source, the cluster ID is the source's; on top, every address parses and each CIDR is of its family. The value
/// is read by hand straight from UTF-8 (<see cref="NodeJsonReader"/>) with the generated metadata's rules.
/// </summary>
internal sealed class NodeCodec(WireValidationContext context)
    : JsonKvCodec<Node, NodeKey>(context, WireJsonContext.Default.Node)
{
    private readonly Utf8StringPool _strings = new();

    public override NodeKey KeyFor(Node value) => new(value.Cluster, value.Name);

    protected override Node? Deserialize(ReadOnlySpan<byte> utf8) => NodeJsonReader.Read(utf8, _strings);

    protected override void CheckKey(string key, NodeKey parsedKey) =>
        WireChecks.SourceCluster(key, parsedKey.Cluster, Context, "the key");

    protected override Node Check(string key, NodeKey parsedKey, Node value)
    {
        WireChecks.Required(key, value.Cluster, "Cluster");
        WireChecks.Required(key, value.Name, "Name");
        WireChecks.SourceCluster(key, value.Cluster, Context, "the value");
        WireChecks.Matches(key, value.Name, parsedKey.Name, "Name");
        WireChecks.ClusterId(key, value.ClusterID, Context);
        foreach (var address in value.IPAddresses ?? [])
        {
            if (address is null || string.IsNullOrEmpty(address.Type) || address.IP is null)
            {
                throw WireChecks.Fail(key, RejectReason.InvalidField, "IPAddresses has an entry without a type or an address");
            }
        }

        Family(key, value.IPv4AllocCIDR, AddressFamily.InterNetwork, "IPv4AllocCIDR");
        Family(key, value.IPv6AllocCIDR, AddressFamily.InterNetworkV6, "IPv6AllocCIDR");
        foreach (var cidr in value.IPv4SecondaryAllocCIDRs ?? [])
        {
            Family(key, cidr, AddressFamily.InterNetwork, "IPv4SecondaryAllocCIDRs");
        }

        foreach (var cidr in value.IPv6SecondaryAllocCIDRs ?? [])
        {
            Family(key, cidr, AddressFamily.InterNetworkV6, "IPv6SecondaryAllocCIDRs");
        }

        return value;
    }

    private static void Family(string key, IpPrefix? cidr, AddressFamily family, string field)
    {
        if (cidr is { } prefix && prefix.Address.AddressFamily != family)
        {
            throw WireChecks.Fail(key, RejectReason.InvalidField, $"{field} {prefix} is not {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")}");
        }
    }
}

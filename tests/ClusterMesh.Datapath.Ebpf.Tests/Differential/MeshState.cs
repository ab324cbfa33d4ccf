using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Ebpf.Tests.Differential;

/// <summary>
/// One node's view of a small mesh, written the same way into any <see cref="IDatapath"/>: this node (pod CIDR
/// 10.50.1.0/24, two endpoints), node B on the same segment (10.50.2.0/24), node C elsewhere (10.51.3.0/24).
/// </summary>
internal static class MeshState
{
    public static IPAddress ThisNode { get; } = IPAddress.Parse("192.168.50.1");

    public static IPAddress NodeB { get; } = IPAddress.Parse("192.168.50.2");

    public static IPAddress NodeC { get; } = IPAddress.Parse("192.168.51.3");

    public static IpPrefix LocalCidr { get; } = IpPrefix.Parse("10.50.1.0/24");

    public static LocalEndpoint[] Endpoints { get; } =
    [
        new(IPAddress.Parse("10.50.1.11"), 1, new NumericIdentity(1001), "default", "a"),
        new(IPAddress.Parse("10.50.1.12"), 2, new NumericIdentity(1002), "default", "b"),
    ];

    /// <summary>The addresses of interest: endpoints, remote pods with and without a tunnel endpoint in the ipcache,
    /// a stale local ipcache entry, an ipcache entry no node owns, a pod CIDR address the ipcache does not know,
    /// and addresses outside the mesh.</summary>
    public static IPAddress[] Addresses { get; } =
    [
        .. Endpoints.Select(e => e.Address),
        IPAddress.Parse("10.50.2.11"), IPAddress.Parse("10.50.2.12"), IPAddress.Parse("10.51.3.11"),
        IPAddress.Parse("10.51.3.20"), IPAddress.Parse("10.50.1.99"), IPAddress.Parse("10.60.0.5"),
        IPAddress.Parse("10.51.3.77"), IPAddress.Parse("8.8.8.8"), IPAddress.Parse("192.168.50.2"),
    ];

    /// <summary>Writes the state; <paramref name="mode"/> decides which pod CIDRs get direct routes (as NodeRouting does).</summary>
    public static void Write(IDatapath datapath, RoutingMode mode)
    {
        foreach (var endpoint in Endpoints)
        {
            datapath.Endpoints.Upsert(endpoint);
            datapath.IpCache.Upsert(IpPrefix.Host(endpoint.Address), new IpCacheValue(endpoint.Identity, ThisNode, 0));
        }

        IpCache(datapath, "10.50.2.11", 2001, NodeB);
        IpCache(datapath, "10.50.2.12", 2002, NodeB);
        IpCache(datapath, "10.51.3.11", 3001, NodeC);
        IpCache(datapath, "10.51.3.20", 3002, null); // tunnel target from the tunnel map
        IpCache(datapath, "10.50.1.99", 1099, ThisNode); // a local pod that is gone: no endpoint
        IpCache(datapath, "10.60.0.5", 4001, null); // known identity, no node owns it
        foreach (var (cidr, node, sameSegment) in new[] { ("10.50.2.0/24", NodeB, true), ("10.51.3.0/24", NodeC, false) })
        {
            datapath.Tunnels.Upsert(IpPrefix.Parse(cidr), new TunnelEndpoint(node, 0));
            if (mode == RoutingMode.Direct || (mode == RoutingMode.Hybrid && sameSegment))
            {
                datapath.Routes.Upsert(IpPrefix.Parse(cidr), node);
            }
        }
    }

    private static void IpCache(IDatapath datapath, string address, uint identity, IPAddress? node) =>
        datapath.IpCache.Upsert(IpPrefix.Host(IPAddress.Parse(address)), new IpCacheValue(new NumericIdentity(identity), node, 0));
}

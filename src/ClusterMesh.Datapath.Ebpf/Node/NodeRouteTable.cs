using System.Net;
using System.Net.Sockets;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Ebpf.Netlink;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>
/// cm_routes plus the kernel's main table (auto-direct-node-routes): each pod CIDR routed directly also gets
/// <c>CIDR via NEXT-HOP dev UNDERLAY</c>, so <c>bpf_fib_lookup</c> in <c>from_container</c> and the host stack
/// agree. A route the kernel refuses (next hop not on-link) is logged; the map entry stays.
/// </summary>
internal sealed class NodeRouteTable(IRouteTable inner, RouteNetlink netlink, string underlayDevice, ILogger logger) : IRouteTable
{
    private const int NoSuchProcess = 3; // ESRCH: the kernel's answer for a route that is not there

    public int Count => inner.Count;

    public void Upsert(IpPrefix prefix, IPAddress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        inner.Upsert(prefix, value);
        if (prefix.IsIPv6 != (value.AddressFamily == AddressFamily.InterNetworkV6))
        {
            return;
        }

        var route = Spec(prefix, value);
        try
        {
            netlink.ReplaceRoute(route);
            NodeLog.RouteInstalled(logger, prefix.ToString(), value.ToString(), underlayDevice);
        }
        catch (NetlinkException e)
        {
            NodeLog.RouteFailed(logger, prefix.ToString(), value.ToString(), underlayDevice, e.Message);
        }
    }

    public bool Delete(IpPrefix prefix)
    {
        var existed = inner.TryLookup(prefix.Address, out var matched, out var nextHop) && matched == prefix;
        var deleted = inner.Delete(prefix);
        if (existed)
        {
            try
            {
                netlink.DeleteRoute(Spec(prefix, nextHop));
            }
            catch (NetlinkException e) when (e.Errno is NoSuchProcess or 2)
            {
                // Already gone (deleted by hand, or its device went away).
            }
            catch (NetlinkException e)
            {
                NodeLog.RouteFailed(logger, prefix.ToString(), nextHop.ToString(), underlayDevice, e.Message);
            }
        }

        return deleted;
    }

    public bool TryLookup(IPAddress address, out IpPrefix matched, out IPAddress value) => inner.TryLookup(address, out matched, out value);

    public IReadOnlyList<KeyValuePair<IpPrefix, IPAddress>> Dump() => inner.Dump();

    private RouteSpec Spec(IpPrefix prefix, IPAddress nextHop) =>
        new(new IPNetwork(prefix.Address, prefix.PrefixLength), underlayDevice, nextHop);
}

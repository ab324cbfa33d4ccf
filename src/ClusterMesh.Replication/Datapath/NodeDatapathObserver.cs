using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Datapath;

/// <summary>
/// Programs the tunnel map and direct routes from nodes: each pod CIDR of a node points at the node's
/// InternalIP. A node whose CIDRs change has its old entries removed.
/// </summary>
public sealed class NodeDatapathObserver : IStoreObserver<Node>
{
    private readonly IDatapath _datapath;
    private readonly NodeRouting _routing;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IReadOnlyList<IpPrefix>> _installed = new(StringComparer.Ordinal);

    /// <summary>Creates the observer for one node's datapath.</summary>
    public NodeDatapathObserver(IDatapath datapath, NodeRouting routing)
    {
        _datapath = datapath;
        _routing = routing;
    }

    /// <inheritdoc />
    public void OnUpsert(string key, Node value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var address = value.AddressOf(NodeAddress.InternalIP) ?? value.AddressOf(NodeAddress.InternalIP, System.Net.Sockets.AddressFamily.InterNetworkV6);
        var cidrs = CidrsOf(value);
        lock (_lock)
        {
            Remove(key, keep: cidrs);
            if (address is null)
            {
                return;
            }

            var direct = _routing.RoutesDirectlyTo(value);
            foreach (var cidr in cidrs)
            {
                _datapath.Tunnels.Upsert(cidr, new TunnelEndpoint(address, value.EncryptionKey));
                if (direct)
                {
                    _datapath.Routes.Upsert(cidr, address);
                }
                else
                {
                    _datapath.Routes.Delete(cidr);
                }
            }

            _installed[key] = cidrs;
        }
    }

    /// <inheritdoc />
    public void OnDelete(string key, Node lastValue)
    {
        lock (_lock)
        {
            Remove(key, keep: []);
        }
    }

    /// <inheritdoc />
    public void OnSynced()
    {
    }

    private void Remove(string key, IReadOnlyList<IpPrefix> keep)
    {
        if (!_installed.Remove(key, out var previous))
        {
            return;
        }

        foreach (var cidr in previous.Except(keep))
        {
            _datapath.Tunnels.Delete(cidr);
            _datapath.Routes.Delete(cidr);
        }
    }

    private static List<IpPrefix> CidrsOf(Node node)
    {
        var cidrs = new List<IpPrefix>();
        if (node.IPv4AllocCIDR is { } v4)
        {
            cidrs.Add(v4);
        }

        if (node.IPv6AllocCIDR is { } v6)
        {
            cidrs.Add(v6);
        }

        cidrs.AddRange(node.IPv4SecondaryAllocCIDRs ?? []);
        cidrs.AddRange(node.IPv6SecondaryAllocCIDRs ?? []);
        return cidrs;
    }
}

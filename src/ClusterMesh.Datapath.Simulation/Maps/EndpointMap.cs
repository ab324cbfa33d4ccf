using System.Collections.Concurrent;
using System.Net;
using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>
/// The node's endpoints keyed by address, like the eBPF endpoint (lxc) hash map. Each operation touches one
/// key, so a concurrent dictionary gives every read a consistent answer without a lock.
/// </summary>
internal sealed class EndpointMap : IEndpointMap
{
    private readonly ConcurrentDictionary<IPAddress, LocalEndpoint> _byAddress = new();

    /// <inheritdoc />
    public int Count => _byAddress.Count;

    /// <inheritdoc />
    public void Upsert(LocalEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(endpoint.Address);
        _byAddress[endpoint.Address] = endpoint;
    }

    /// <inheritdoc />
    public bool Delete(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _byAddress.TryRemove(address, out _);
    }

    /// <inheritdoc />
    public bool TryLookup(IPAddress address, out LocalEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _byAddress.TryGetValue(address, out endpoint!);
    }

    /// <inheritdoc />
    public IReadOnlyList<LocalEndpoint> Dump()
    {
        var endpoints = _byAddress.Values.ToList();
        endpoints.Sort(static (left, right) => AddressBits.Compare(left.Address, right.Address));
        return endpoints;
    }
}

using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Model;
using k8s.Models;

namespace ClusterMesh.Services.Export;

/// <summary>EndpointSlices → backends: one per address, ports by name, with state, zone and hostname.</summary>
internal static class EndpointSliceBackends
{
    public static IReadOnlyList<LocalBackend> Read(IEnumerable<V1EndpointSlice> slices)
    {
        var byAddress = new SortedDictionary<string, LocalBackend>(StringComparer.Ordinal);
        foreach (var slice in slices.Where(s => !string.Equals(s.AddressType, "FQDN", StringComparison.OrdinalIgnoreCase)))
        {
            var ports = (slice.Ports ?? [])
                .Where(p => p.Port is > 0 and <= ushort.MaxValue)
                .GroupBy(p => p.Name ?? string.Empty, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new PortConfiguration { Protocol = g.First().Protocol ?? "TCP", Port = (ushort)g.First().Port!.Value }, StringComparer.Ordinal);
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                foreach (var address in endpoint.Addresses ?? [])
                {
                    var backend = new LocalBackend
                    {
                        Address = address,
                        Ports = ports,
                        State = StateOf(endpoint.Conditions),
                        Hostname = string.IsNullOrEmpty(endpoint.Hostname) ? null : endpoint.Hostname,
                        Zone = ZoneOf(endpoint),
                    };
                    byAddress[address] = byAddress.TryGetValue(address, out var seen) ? Combine(seen, backend) : backend;
                }
            }
        }

        return [.. byAddress.Values];
    }

    /// <summary>Kubernetes semantics: a missing ready means ready, a missing serving means the same as ready.</summary>
    internal static BackendState StateOf(V1EndpointConditions? conditions)
    {
        var ready = conditions?.Ready ?? true;
        var serving = conditions?.Serving ?? ready;
        return ready ? BackendState.Active : serving ? BackendState.Terminating : BackendState.Quarantined;
    }

    private static BackendZone? ZoneOf(V1Endpoint endpoint)
    {
        if (string.IsNullOrEmpty(endpoint.Zone))
        {
            return null;
        }

        var hints = endpoint.Hints?.ForZones?.Where(z => !string.IsNullOrEmpty(z.Name)).Select(z => new ZoneHint { Name = z.Name }).ToList();
        return new BackendZone { Zone = endpoint.Zone, ForZones = hints is { Count: > 0 } ? hints : null };
    }

    /// <summary>The same address in two slices (a port split): ports are united, the better state wins.</summary>
    private static LocalBackend Combine(LocalBackend first, LocalBackend second)
    {
        var ports = new Dictionary<string, PortConfiguration>(first.Ports, StringComparer.Ordinal);
        foreach (var (name, port) in second.Ports)
        {
            ports.TryAdd(name, port);
        }

        return first with
        {
            Ports = ports,
            State = (BackendState)Math.Min((int)first.State, (int)second.State),
            Hostname = first.Hostname ?? second.Hostname,
            Zone = first.Zone ?? second.Zone,
        };
    }
}

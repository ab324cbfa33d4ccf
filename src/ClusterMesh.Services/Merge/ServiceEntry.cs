using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Model;
using ClusterMesh.Services.Selection;

namespace ClusterMesh.Services.Merge;

/// <summary>
/// Everything known about one namespace/name: the local service and each remote cluster's export. Merging one
/// entry touches only its own clusters and backends, which keeps a single change cheap however many services
/// the mesh has.
/// </summary>
internal sealed class ServiceEntry(ServiceName name)
{
    public ServiceName Name { get; } = name;

    public LocalService? Local { get; set; }

    public SortedDictionary<string, ClusterService> Remotes { get; } = new(StringComparer.Ordinal);

    public MergedService? Merged { get; set; }

    public bool IsEmpty => Local is null && Remotes.Count == 0;

    /// <summary>The merged view, or null without a local service (remote backends attach only to a local one).</summary>
    public MergedService? Merge(string localCluster)
    {
        if (Local is not { } local)
        {
            return null;
        }

        var frontends = local.Frontends
            .SelectMany(f => f.Value.Select(p => new ServiceFrontend(f.Key, p.Key, p.Value.Port, p.Value.Protocol)))
            .OrderBy(f => f.Address, StringComparer.Ordinal).ThenBy(f => f.PortName, StringComparer.Ordinal)
            .ToList();
        var backends = local.Backends
            .OrderBy(b => b.Address, StringComparer.Ordinal)
            .Select(b => new MergedBackend(localCluster, b.Address, b.Ports, b.State, IsLocal: true, Selected: false))
            .ToList();
        var clusterIps = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [localCluster] = [.. local.Frontends.Keys.Order(StringComparer.Ordinal)],
        };
        var conflicts = new List<PortConflict>();
        if (local.Global)
        {
            var localPorts = LocalPorts(local);
            foreach (var (cluster, remote) in Remotes)
            {
                if (!remote.IncludeExternal || !remote.Shared)
                {
                    continue;
                }

                clusterIps[cluster] = [.. (remote.Frontends?.Keys ?? []).Order(StringComparer.Ordinal)];
                conflicts.AddRange(Conflicts(cluster, remote, localPorts));
                backends.AddRange((remote.Backends ?? new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>())
                    .OrderBy(b => b.Key, StringComparer.Ordinal)
                    .Select(b => new MergedBackend(cluster, b.Key, b.Value, BackendState.Active, IsLocal: false, Selected: false)));
            }
        }

        return new MergedService
        {
            Name = Name,
            Global = local.Global,
            Shared = local.Shared,
            Affinity = local.Affinity,
            Frontends = frontends,
            Backends = BackendSelector.Apply(local.Affinity, backends),
            ClusterIPs = clusterIps,
            Conflicts = conflicts,
        };
    }

    private static Dictionary<string, PortConfiguration> LocalPorts(LocalService local)
    {
        var ports = new Dictionary<string, PortConfiguration>(StringComparer.Ordinal);
        foreach (var (name, port) in local.Frontends.Values.SelectMany(p => p))
        {
            ports.TryAdd(name, port);
        }

        return ports;
    }

    /// <summary>
    /// A remote port of the same name with another number or protocol. Backends are matched to frontends by port
    /// name and protocol, so a protocol mismatch leaves that port unused; a number mismatch is only reported.
    /// </summary>
    private IEnumerable<PortConflict> Conflicts(string cluster, ClusterService remote, Dictionary<string, PortConfiguration> localPorts)
    {
        var seen = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, port) in (remote.Frontends?.Values ?? []).SelectMany(p => p))
        {
            if (localPorts.TryGetValue(name, out var mine) && !seen.ContainsKey(name)
                && (mine.Port != port.Port || !string.Equals(mine.Protocol, port.Protocol, StringComparison.OrdinalIgnoreCase)))
            {
                seen[name] = $"is {port.Port}/{port.Protocol} there but {mine.Port}/{mine.Protocol} here";
            }
        }

        foreach (var (name, port) in (remote.Backends?.Values ?? []).SelectMany(p => p))
        {
            if (localPorts.TryGetValue(name, out var mine) && !seen.ContainsKey(name)
                && !string.Equals(mine.Protocol, port.Protocol, StringComparison.OrdinalIgnoreCase))
            {
                seen[name] = $"has backends over {port.Protocol} but the local service uses {mine.Protocol}";
            }
        }

        return seen.Select(c => new PortConflict(Name, cluster, c.Key, c.Value));
    }
}

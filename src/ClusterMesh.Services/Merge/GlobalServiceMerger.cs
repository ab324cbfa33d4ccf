using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Services.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Services.Merge;

/// <summary>
/// Merges global services: observes the remote clusters' <see cref="ClusterService"/>s (one observer for every
/// remote, e.g. behind the agent's service cache) and takes the local services through
/// <see cref="UpsertLocal"/>. A remote service attaches only to the local service of the same namespace/name, and
/// only while that one is global; each cluster's backends are replaced as a unit. Every change recomputes only
/// the service it touches and is passed on to <c>downstream</c> as <c>OnUpsert("ns/name", merged)</c> or
/// <c>OnDelete</c>. Bad remote values are rejected, counted and logged, and the last good value stays.
/// Thread-safe; downstream calls are made in order under the merger's lock, so they must not call back.
/// </summary>
public sealed class GlobalServiceMerger : IStoreObserver<ClusterService>
{
    private readonly object _gate = new();
    private readonly string _localCluster;
    private readonly IStoreObserver<MergedService>? _downstream;
    private readonly ILogger _logger;
    private readonly Dictionary<ServiceName, ServiceEntry> _services = [];
    private readonly Dictionary<string, HashSet<ServiceName>> _byCluster = new(StringComparer.Ordinal);
    private readonly Dictionary<RejectReason, long> _rejections = [];

    /// <summary>Creates a merger for the services of <paramref name="localCluster"/>.</summary>
    public GlobalServiceMerger(string localCluster, IStoreObserver<MergedService>? downstream = null, ILogger<GlobalServiceMerger>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(localCluster);
        _localCluster = localCluster;
        _downstream = downstream;
        _logger = logger ?? NullLogger<GlobalServiceMerger>.Instance;
    }

    /// <summary>Rejected remote values by reason.</summary>
    public IReadOnlyDictionary<RejectReason, long> Rejections
    {
        get { lock (_gate) { return new Dictionary<RejectReason, long>(_rejections); } }
    }

    /// <summary>Adds or replaces a local service (its global/shared/affinity settings included).</summary>
    public void UpsertLocal(LocalService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_gate)
        {
            var entry = Entry(service.ServiceName);
            entry.Local = service;
            Recompute(entry);
        }
    }

    /// <summary>Removes a local service; remote exports of the same name wait for it to come back.</summary>
    public bool RemoveLocal(ServiceName name)
    {
        lock (_gate)
        {
            if (!_services.TryGetValue(name, out var entry) || entry.Local is null)
            {
                return false;
            }

            entry.Local = null;
            Recompute(entry);
            return true;
        }
    }

    /// <summary>The merged view of one local service.</summary>
    public bool TryGet(ServiceName name, out MergedService service)
    {
        lock (_gate)
        {
            service = _services.TryGetValue(name, out var entry) ? entry.Merged! : null!;
            return service is not null;
        }
    }

    /// <summary>Every merged service, ordered by namespace and name.</summary>
    public IReadOnlyList<MergedService> Snapshot()
    {
        lock (_gate)
        {
            return [.. _services.Values.Where(e => e.Merged is not null).OrderBy(e => e.Name).Select(e => e.Merged!)];
        }
    }

    /// <summary>Every port conflict of every merged service.</summary>
    public IReadOnlyList<PortConflict> Conflicts() => [.. Snapshot().SelectMany(s => s.Conflicts)];

    /// <inheritdoc />
    public void OnUpsert(string key, ClusterService value)
    {
        lock (_gate)
        {
            if (RemoteServiceValidator.Check(key, value, _localCluster) is { } rejected)
            {
                _rejections[rejected.Reason] = _rejections.GetValueOrDefault(rejected.Reason) + 1;
                MergerLog.Rejected(_logger, key, rejected.Reason, rejected.Detail);
                return;
            }

            var entry = Entry(new ServiceName(value.Namespace, value.Name));
            entry.Remotes[value.Cluster] = value;
            Index(value.Cluster).Add(entry.Name);
            if (entry.Local?.Global == true)
            {
                Recompute(entry);
            }
        }
    }

    /// <inheritdoc />
    public void OnDelete(string key, ClusterService lastValue)
    {
        if (!ServiceKey.TryParse(key, out var parsed))
        {
            return;
        }

        lock (_gate)
        {
            Forget(parsed.Cluster, new ServiceName(parsed.Namespace, parsed.Name));
        }
    }

    /// <inheritdoc />
    public void OnSynced() => _downstream?.OnSynced();

    /// <summary>Removes every service of a remote cluster (it left the mesh); other clusters stay untouched.</summary>
    /// <returns>How many services the cluster had exported.</returns>
    public int RemoveCluster(string cluster)
    {
        lock (_gate)
        {
            if (!_byCluster.TryGetValue(cluster, out var names))
            {
                return 0;
            }

            var count = names.Count;
            foreach (var name in names.ToList())
            {
                Forget(cluster, name);
            }

            MergerLog.ClusterRemoved(_logger, cluster, count);
            return count;
        }
    }

    private void Forget(string cluster, ServiceName name)
    {
        if (!_services.TryGetValue(name, out var entry) || !entry.Remotes.Remove(cluster))
        {
            return;
        }

        if (_byCluster.TryGetValue(cluster, out var names) && names.Remove(name) && names.Count == 0)
        {
            _byCluster.Remove(cluster);
        }

        if (entry.Local?.Global == true)
        {
            Recompute(entry);
        }
        else if (entry.IsEmpty)
        {
            _services.Remove(name);
        }
    }

    private void Recompute(ServiceEntry entry)
    {
        var previous = entry.Merged;
        var merged = entry.Merge(_localCluster);
        entry.Merged = merged;
        if (merged is null)
        {
            if (entry.IsEmpty)
            {
                _services.Remove(entry.Name);
            }

            if (previous is not null)
            {
                _downstream?.OnDelete(entry.Name.ToString(), previous);
            }

            return;
        }

        if (merged.Conflicts.Count > 0 && (previous is null || !previous.Conflicts.SequenceEqual(merged.Conflicts)))
        {
            foreach (var conflict in merged.Conflicts)
            {
                MergerLog.Conflict(_logger, entry.Name.ToString(), conflict.Cluster, conflict.PortName, conflict.Detail);
            }
        }

        _downstream?.OnUpsert(entry.Name.ToString(), merged);
    }

    private ServiceEntry Entry(ServiceName name)
    {
        if (!_services.TryGetValue(name, out var entry))
        {
            entry = new ServiceEntry(name);
            _services[name] = entry;
        }

        return entry;
    }

    private HashSet<ServiceName> Index(string cluster)
    {
        if (!_byCluster.TryGetValue(cluster, out var names))
        {
            names = [];
            _byCluster[cluster] = names;
        }

        return names;
    }
}

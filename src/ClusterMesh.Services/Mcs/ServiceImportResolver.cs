using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Services.Mcs;

/// <summary>
/// Derives the MCS-API ServiceImports from every cluster's service exports (the local cluster's and each mirrored
/// remote's): one <see cref="DerivedServiceImport"/> per namespace/name, recomputed whenever one of its exports
/// changes or goes away, and removed with its last export. Changed imports are passed on to an optional
/// downstream observer under the key <c>&lt;namespace&gt;/&lt;name&gt;</c>. Safe to feed from several stores at once.
/// </summary>
public sealed class ServiceImportResolver : IStoreObserver<ServiceExport>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Namespace, string Name), Dictionary<string, ServiceExport>> _exports = [];
    private readonly Dictionary<(string Namespace, string Name), DerivedServiceImport> _imports = [];
    private readonly IStoreObserver<DerivedServiceImport>? _downstream;

    /// <summary>Creates a resolver that passes changed imports on to <paramref name="downstream"/>, if any.</summary>
    public ServiceImportResolver(IStoreObserver<DerivedServiceImport>? downstream = null) => _downstream = downstream;

    /// <summary>The import of one namespace/name, or null when no cluster exports it.</summary>
    public DerivedServiceImport? Get(string @namespace, string name)
    {
        lock (_gate)
        {
            return _imports.GetValueOrDefault((@namespace, name));
        }
    }

    /// <summary>Every current import, ordered by namespace then name.</summary>
    public IReadOnlyList<DerivedServiceImport> Snapshot()
    {
        lock (_gate)
        {
            return _imports.Values.OrderBy(i => i.Namespace, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <inheritdoc />
    public void OnUpsert(string key, ServiceExport value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var id = (value.Namespace, value.Name);
            if (!_exports.TryGetValue(id, out var byCluster))
            {
                _exports[id] = byCluster = new Dictionary<string, ServiceExport>(StringComparer.Ordinal);
            }

            byCluster[value.Cluster] = value;
            Recompute(id, byCluster);
        }
    }

    /// <inheritdoc />
    public void OnDelete(string key, ServiceExport lastValue)
    {
        ArgumentNullException.ThrowIfNull(lastValue);
        lock (_gate)
        {
            var id = (lastValue.Namespace, lastValue.Name);
            if (_exports.TryGetValue(id, out var byCluster) && byCluster.Remove(lastValue.Cluster))
            {
                Recompute(id, byCluster);
            }
        }
    }

    /// <inheritdoc />
    public void OnSynced()
    {
        // Each store's listing completing changes nothing derived: imports follow every upsert and delete.
    }

    private void Recompute((string Namespace, string Name) id, Dictionary<string, ServiceExport> byCluster)
    {
        var key = $"{id.Namespace}/{id.Name}";
        if (byCluster.Count == 0)
        {
            _exports.Remove(id);
            if (_imports.Remove(id, out var gone))
            {
                _downstream?.OnDelete(key, gone);
            }

            return;
        }

        var derived = ServiceImportDerivation.Derive(byCluster.Values);
        if (_imports.TryGetValue(id, out var previous) && previous.SameAs(derived))
        {
            return;
        }

        _imports[id] = derived;
        _downstream?.OnUpsert(key, derived);
    }
}

using System.Collections.Concurrent;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Services.Model;

namespace ClusterMesh.Services.LoadBalancing;

/// <summary>
/// The load-balancer tables of every merged service: for each frontend (ClusterIP, port, protocol) a Maglev
/// table over the selected backends that have a port of the same name and protocol. An observer of the merger;
/// a frontend's table is rebuilt only when its backend list changed. Reads are safe from any thread.
/// </summary>
public sealed class LoadBalancerTables : IStoreObserver<MergedService>
{
    private readonly object _gate = new();
    private readonly int _tableSize;
    private readonly ConcurrentDictionary<LbFrontend, ServiceLbTable> _tables = new();
    private readonly Dictionary<ServiceName, HashSet<LbFrontend>> _byService = [];
    private long _builds;

    /// <summary>Creates the tables; <paramref name="tableSize"/> is a prime, grown when under 100 slots per backend.</summary>
    public LoadBalancerTables(int tableSize = Maglev.DefaultTableSize)
    {
        _ = Maglev.TableSizeFor(0, tableSize);
        _tableSize = tableSize;
    }

    /// <summary>Number of frontends with a table.</summary>
    public int Count => _tables.Count;

    /// <summary>How many Maglev tables were built so far (unchanged backend lists are not rebuilt).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>The table of a frontend.</summary>
    public bool TryGet(LbFrontend frontend, out ServiceLbTable table) => _tables.TryGetValue(frontend, out table!);

    /// <summary>Every table, ordered by frontend address and port.</summary>
    public IReadOnlyList<ServiceLbTable> Snapshot() =>
        [.. _tables.Values.OrderBy(t => t.Frontend.Address, StringComparer.Ordinal).ThenBy(t => t.Frontend.Port).ThenBy(t => t.Frontend.Protocol, StringComparer.Ordinal)];

    /// <inheritdoc />
    public void OnUpsert(string key, MergedService value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var wanted = new HashSet<LbFrontend>();
            foreach (var frontend in value.Frontends)
            {
                var lb = LbFrontend.Of(frontend.Address, frontend.Port, frontend.Protocol);
                wanted.Add(lb);
                var backends = BackendsFor(value, frontend);
                if (!_tables.TryGetValue(lb, out var existing) || existing.Service != value.Name || !existing.Backends.SequenceEqual(backends))
                {
                    var size = Maglev.TableSizeFor(backends.Count, _tableSize);
                    _tables[lb] = new ServiceLbTable(value.Name, lb, backends, Maglev.Populate([.. backends.Select(b => b.Key)], size));
                    Interlocked.Increment(ref _builds);
                }
            }

            if (_byService.TryGetValue(value.Name, out var previous))
            {
                foreach (var gone in previous.Where(f => !wanted.Contains(f)))
                {
                    _tables.TryRemove(gone, out _);
                }
            }

            _byService[value.Name] = wanted;
        }
    }

    /// <inheritdoc />
    public void OnDelete(string key, MergedService lastValue)
    {
        ArgumentNullException.ThrowIfNull(lastValue);
        lock (_gate)
        {
            if (_byService.Remove(lastValue.Name, out var frontends))
            {
                foreach (var frontend in frontends)
                {
                    _tables.TryRemove(frontend, out _);
                }
            }
        }
    }

    /// <inheritdoc />
    public void OnSynced()
    {
    }

    /// <summary>Selected backends with a port of the frontend's name and protocol, in a stable order.</summary>
    private static List<LbBackend> BackendsFor(MergedService service, ServiceFrontend frontend) =>
        [.. service.Backends
            .Where(b => b.Selected && b.Ports.TryGetValue(frontend.PortName, out var port)
                && port.Port != 0 && string.Equals(port.Protocol, frontend.Protocol, StringComparison.OrdinalIgnoreCase))
            .Select(b => new LbBackend(b.Cluster, b.Address, b.Ports[frontend.PortName].Port))
            .OrderBy(b => b.Cluster, StringComparer.Ordinal).ThenBy(b => b.Address, StringComparer.Ordinal)];
}

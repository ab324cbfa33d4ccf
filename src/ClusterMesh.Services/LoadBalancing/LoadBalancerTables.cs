using System.Collections.Concurrent;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Services.Model;

namespace ClusterMesh.Services.LoadBalancing;

/// <summary>
/// The load-balancer tables of every merged service: for each frontend (ClusterIP, port, protocol) a Maglev
/// table over the selected backends that have a port of the same name and protocol. An observer of the merger;
/// a frontend's table changes only when its backend list changed, and then incrementally (see
/// <see cref="MaglevTable"/>: a removed backend's slots go to the others, an added one takes only its fair share)
/// unless the table size changes or full rebuilds were asked for. Attached datapath maps receive every table.
/// Reads are safe from any thread.
/// </summary>
public sealed class LoadBalancerTables : IStoreObserver<MergedService>
{
    private readonly object _gate = new();
    private readonly int _tableSize;
    private readonly ConcurrentDictionary<LbFrontend, ServiceLbTable> _tables = new();
    private readonly Dictionary<ServiceName, HashSet<LbFrontend>> _byService = [];
    private readonly Dictionary<LbFrontend, MaglevTable> _maglev = [];
    private readonly List<ILoadBalancerMap> _datapaths = [];
    private readonly bool _incremental;
    private long _builds;
    private long _incrementalUpdates;

    /// <summary>Creates the tables; <paramref name="tableSize"/> is a prime, grown when under 100 slots per backend.</summary>
    public LoadBalancerTables(int tableSize = Maglev.DefaultTableSize)
        : this(tableSize, incremental: true)
    {
    }

    /// <summary>
    /// Creates the tables; with <paramref name="incremental"/> false every change rebuilds the frontend's table
    /// from scratch (plain Maglev: deterministic for a backend set, but moves ~1-2% of the other backends' slots).
    /// </summary>
    public LoadBalancerTables(int tableSize, bool incremental)
    {
        _ = Maglev.TableSizeFor(0, tableSize);
        _tableSize = tableSize;
        _incremental = incremental;
    }

    /// <summary>Number of frontends with a table.</summary>
    public int Count => _tables.Count;

    /// <summary>How many Maglev tables were built or updated so far (unchanged backend lists are left alone).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>How many of <see cref="Builds"/> were incremental updates rather than full builds.</summary>
    public long IncrementalUpdates => Interlocked.Read(ref _incrementalUpdates);

    /// <summary>
    /// Mirrors every table into a datapath's load-balancer map from now on (the current ones are written at once).
    /// </summary>
    public void Attach(ILoadBalancerMap datapath)
    {
        ArgumentNullException.ThrowIfNull(datapath);
        lock (_gate)
        {
            _datapaths.Add(datapath);
            foreach (var table in _tables.Values)
            {
                datapath.Upsert(LbDatapathEntries.KeyOf(table.Frontend), LbDatapathEntries.EntryOf(table));
            }
        }
    }

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
                    Publish(new ServiceLbTable(value.Name, lb, backends, SlotsFor(lb, existing?.Service == value.Name, backends)));
                }
            }

            if (_byService.TryGetValue(value.Name, out var previous))
            {
                foreach (var gone in previous.Where(f => !wanted.Contains(f)))
                {
                    Drop(gone);
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
                    Drop(frontend);
                }
            }
        }
    }

    /// <inheritdoc />
    public void OnSynced()
    {
    }

    /// <summary>The frontend's slots: its Maglev table updated in place when possible, else built afresh.</summary>
    private int[] SlotsFor(LbFrontend frontend, bool sameService, List<LbBackend> backends)
    {
        Interlocked.Increment(ref _builds);
        var keys = backends.Select(b => b.Key).ToList();
        var size = Maglev.TableSizeFor(keys.Count, _tableSize);
        if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            // Two clusters reporting the same address and port: no key identifies a backend, so no incremental state.
            _maglev.Remove(frontend);
            return Maglev.Populate(keys, size);
        }

        if (_incremental && sameService && _maglev.TryGetValue(frontend, out var table) && table.Size == size)
        {
            table.Update(keys);
            Interlocked.Increment(ref _incrementalUpdates);
        }
        else
        {
            _maglev[frontend] = table = MaglevTable.Build(keys, size);
        }

        return table.SlotsIndexedBy(keys);
    }

    private void Publish(ServiceLbTable table)
    {
        _tables[table.Frontend] = table;
        foreach (var datapath in _datapaths)
        {
            datapath.Upsert(LbDatapathEntries.KeyOf(table.Frontend), LbDatapathEntries.EntryOf(table));
        }
    }

    private void Drop(LbFrontend frontend)
    {
        _tables.TryRemove(frontend, out _);
        _maglev.Remove(frontend);
        foreach (var datapath in _datapaths)
        {
            datapath.Delete(LbDatapathEntries.KeyOf(frontend));
        }
    }

    /// <summary>Selected backends with a port of the frontend's name and protocol, in a stable order.</summary>
    private static List<LbBackend> BackendsFor(MergedService service, ServiceFrontend frontend) =>
        [.. service.Backends
            .Where(b => b.Selected && b.Ports.TryGetValue(frontend.PortName, out var port)
                && port.Port != 0 && string.Equals(port.Protocol, frontend.Protocol, StringComparison.OrdinalIgnoreCase))
            .Select(b => new LbBackend(b.Cluster, b.Address, b.Ports[frontend.PortName].Port))
            .OrderBy(b => b.Cluster, StringComparer.Ordinal).ThenBy(b => b.Address, StringComparer.Ordinal)];
}

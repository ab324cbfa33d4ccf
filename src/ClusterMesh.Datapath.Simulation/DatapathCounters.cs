using System.Globalization;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>
/// Live packet counters of one node, safe to bump from concurrent walks. <see cref="Snapshot"/> takes a
/// comparable copy (the differential tests compare the simulation's with the eBPF datapath's).
/// </summary>
public sealed class DatapathCounters
{
    private static readonly DropReason[] AllReasons = Enum.GetValues<DropReason>();

    private readonly long[] _drops = new long[AllReasons.Length];
    private long _delivered;
    private long _tunneled;
    private long _routed;

    /// <summary>Packets delivered to an endpoint of this node.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Packets this node encapsulated to another node.</summary>
    public long Tunneled => Interlocked.Read(ref _tunneled);

    /// <summary>Packets this node routed directly to another node.</summary>
    public long Routed => Interlocked.Read(ref _routed);

    /// <summary>Packets this node dropped, for any reason.</summary>
    public long Dropped => AllReasons.Sum(DroppedFor);

    /// <summary>Packets this node dropped for <paramref name="reason"/>.</summary>
    public long DroppedFor(DropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    /// <summary>A copy of the counters now.</summary>
    public DatapathCounterSnapshot Snapshot()
    {
        var drops = new SortedDictionary<DropReason, long>();
        foreach (var reason in AllReasons)
        {
            var count = DroppedFor(reason);
            if (count != 0)
            {
                drops[reason] = count;
            }
        }

        return new DatapathCounterSnapshot(Delivered, Tunneled, Routed, drops);
    }

    internal void Count(PacketPath path)
    {
        switch (path.Kind)
        {
            case PathKind.LocalDelivery:
                Interlocked.Increment(ref _delivered);
                break;
            case PathKind.Tunnel:
                Interlocked.Increment(ref _tunneled);
                break;
            case PathKind.DirectRoute:
                Interlocked.Increment(ref _routed);
                break;
            default:
                Interlocked.Increment(ref _drops[(int)path.DropReason!.Value]);
                break;
        }
    }
}

/// <summary>The counters of one node at one moment; equal when every counter is equal.</summary>
/// <param name="Delivered">Packets delivered to a local endpoint.</param>
/// <param name="Tunneled">Packets encapsulated to another node.</param>
/// <param name="Routed">Packets routed directly to another node.</param>
/// <param name="DroppedByReason">Drops per reason (reasons with no drop are absent).</param>
public sealed record DatapathCounterSnapshot(long Delivered, long Tunneled, long Routed, IReadOnlyDictionary<DropReason, long> DroppedByReason)
{
    /// <summary>All drops.</summary>
    public long Dropped => DroppedByReason.Values.Sum();

    /// <inheritdoc />
    public bool Equals(DatapathCounterSnapshot? other) =>
        other is not null
        && Delivered == other.Delivered
        && Tunneled == other.Tunneled
        && Routed == other.Routed
        && DroppedByReason.Count == other.DroppedByReason.Count
        && DroppedByReason.All(d => other.DroppedByReason.TryGetValue(d.Key, out var count) && count == d.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Delivered, Tunneled, Routed, Dropped);

    /// <summary>E.g. <c>delivered 3, tunneled 2, routed 0, dropped 1 (no tunnel endpoint: 1)</c>.</summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"delivered {Delivered}, tunneled {Tunneled}, routed {Routed}, dropped {Dropped}");
        return DroppedByReason.Count == 0
            ? text
            : $"{text} ({string.Join(", ", DroppedByReason.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key.Describe()}: {d.Value}")))})";
    }
}

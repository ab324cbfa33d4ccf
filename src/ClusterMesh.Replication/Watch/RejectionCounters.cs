using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Watch;

/// <summary>How many values were rejected, per <see cref="RejectReason"/>. Thread-safe.</summary>
public sealed class RejectionCounters
{
    private readonly long[] _counts = new long[(int)Enum.GetValues<RejectReason>().Max() + 1];

    /// <summary>The number of values rejected for <paramref name="reason"/>.</summary>
    public long this[RejectReason reason] => Interlocked.Read(ref _counts[(int)reason]);

    /// <summary>The number of values rejected for any reason.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>The reasons seen so far with their counts (reasons never seen are left out).</summary>
    public IReadOnlyDictionary<RejectReason, long> Snapshot()
    {
        var result = new SortedDictionary<RejectReason, long>();
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            var count = this[reason];
            if (count > 0)
            {
                result[reason] = count;
            }
        }

        return result;
    }

    internal void Increment(RejectReason reason) => Interlocked.Increment(ref _counts[(int)reason]);

    /// <summary>Adds every count of several sources into one snapshot.</summary>
    internal static IReadOnlyDictionary<RejectReason, long> Sum(IEnumerable<RejectionCounters> counters)
    {
        var result = new SortedDictionary<RejectReason, long>();
        foreach (var source in counters)
        {
            foreach (var (reason, count) in source.Snapshot())
            {
                result[reason] = result.GetValueOrDefault(reason) + count;
            }
        }

        return result;
    }
}

using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Identity;

/// <summary>
/// Allocates security identities for label sets in the local cluster's numeric range, stored as
/// <c>cilium/state/identities/v1/id/&lt;id&gt;</c> → label string. Allocation is create-only, so agents of one
/// cluster that race for the same label set end with the same identity: the loser of a create re-reads and
/// adopts what the winner wrote. Identities this allocator handed out and that are no longer in use are released
/// after <see cref="GracePeriod"/> (see <see cref="CollectUnused"/>), so a pod that comes back quickly keeps its ID.
/// </summary>
public sealed partial class KvIdentityAllocator
{
    private const int MaxAttempts = 64;
    private readonly IKvStore _store;
    private readonly ClusterId _cluster;
    private readonly int _maxConnectedClusters;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<LabelSet, NumericIdentity> _byLabels = [];
    private readonly HashSet<uint> _taken = [];
    private readonly Dictionary<NumericIdentity, LabelSet> _handedOut = [];
    private readonly Dictionary<NumericIdentity, DateTimeOffset> _unusedSince = [];
    private readonly TimeProvider _time;

    /// <summary>Cilium's default identity GC interval: how long an unused identity is kept before it is released.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromMinutes(15);

    /// <summary>Creates an allocator for <paramref name="cluster"/>'s identity range.</summary>
    public KvIdentityAllocator(IKvStore store, ClusterId cluster, int maxConnectedClusters, ILogger<KvIdentityAllocator> logger)
        : this(store, cluster, maxConnectedClusters, logger, TimeProvider.System)
    {
    }

    /// <summary>Creates an allocator whose grace period runs on <paramref name="time"/>.</summary>
    public KvIdentityAllocator(IKvStore store, ClusterId cluster, int maxConnectedClusters, ILogger<KvIdentityAllocator> logger, TimeProvider time)
    {
        _time = time;
        _store = store;
        _cluster = cluster;
        _maxConnectedClusters = maxConnectedClusters;
        _logger = logger;
        _ = NumericIdentity.RangeOf(cluster, maxConnectedClusters); // validates the cluster ID against the mesh size
    }

    /// <summary>Returns the identity of <paramref name="labels"/>, allocating one when none exists yet.</summary>
    /// <exception cref="InvalidOperationException">The cluster's identity range is exhausted.</exception>
    public async ValueTask<NumericIdentity> AllocateAsync(LabelSet labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                if (_byLabels.TryGetValue(labels, out var known))
                {
                    return HandOut(known, labels);
                }

                if (attempt > 0 || _taken.Count == 0)
                {
                    await RefreshAsync(cancellationToken);
                    if (_byLabels.TryGetValue(labels, out known))
                    {
                        return HandOut(known, labels);
                    }
                }

                var candidate = NextFree();
                var value = Encoding.UTF8.GetBytes(labels.ToKvStoreForm());
                if (await _store.CreateAsync(KvKeys.Identity(candidate), value, cancellationToken: cancellationToken))
                {
                    Remember(candidate, labels);
                    LogAllocated(candidate, labels.ToKvStoreForm());
                    return HandOut(candidate, labels);
                }

                // Another agent took this ID first; re-read and try again (it may be ours).
                _taken.Add(candidate.Value);
            }

            throw new InvalidOperationException($"identity allocation for '{labels}' did not settle after {MaxAttempts} attempts");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How long an identity stays allocated after it was last in use.</summary>
    public TimeSpan GracePeriod { get; init; } = DefaultGracePeriod;

    /// <summary>
    /// Marks which handed-out identities are in use now; returns those unused for at least <see cref="GracePeriod"/>
    /// and forgets them (their label sets get a fresh allocation next time). The caller deletes their
    /// <c>cilium/state/identities/v1/id/&lt;id&gt;</c> keys through the store that published them.
    /// </summary>
    public IReadOnlyList<NumericIdentity> CollectUnused(IReadOnlySet<NumericIdentity> inUse)
    {
        ArgumentNullException.ThrowIfNull(inUse);
        var now = _time.GetUtcNow();
        var released = new List<NumericIdentity>();
        foreach (var (id, labels) in _handedOut.ToArray())
        {
            if (inUse.Contains(id))
            {
                _unusedSince.Remove(id);
            }
            else if (!_unusedSince.TryAdd(id, now) && now - _unusedSince[id] >= GracePeriod)
            {
                _handedOut.Remove(id);
                _unusedSince.Remove(id);
                _byLabels.Remove(labels);
                _taken.Remove(id.Value);
                released.Add(id);
                LogReleased(id, labels.ToKvStoreForm());
            }
        }

        return released;
    }

    private NumericIdentity HandOut(NumericIdentity id, LabelSet labels)
    {
        _handedOut[id] = labels;
        return id;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var prefix = KvKeys.IdentitiesPrefix + "/id/";
        var options = default(KvListOptions);
        while (true)
        {
            var page = await _store.ListAsync(prefix, options, cancellationToken);
            foreach (var entry in page.Entries)
            {
                if (NumericIdentity.TryParse(entry.Key.AsSpan(prefix.Length), out var id) && id.IsInRangeOf(_cluster, _maxConnectedClusters))
                {
                    Remember(id, LabelSet.ParseKvStoreForm(Encoding.UTF8.GetString(entry.Value.Span)));
                }
            }

            if (!page.HasMore)
            {
                return;
            }

            options = new KvListOptions(options.Limit, page.Revision, page.NextKey);
        }
    }

    private void Remember(NumericIdentity id, LabelSet labels)
    {
        _taken.Add(id.Value);
        _byLabels.TryAdd(labels, id);
    }

    private NumericIdentity NextFree()
    {
        var (first, last) = NumericIdentity.RangeOf(_cluster, _maxConnectedClusters);
        for (var value = first.Value; value <= last.Value; value++)
        {
            if (!_taken.Contains(value))
            {
                return new NumericIdentity(value);
            }
        }

        throw new InvalidOperationException($"the identity range of cluster {_cluster} ({first}..{last}) is exhausted");
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Allocated identity {Identity} for {Labels}")]
    private partial void LogAllocated(NumericIdentity identity, string labels);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Released identity {Identity} of {Labels}: unused for the grace period")]
    private partial void LogReleased(NumericIdentity identity, string labels);
}

using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Replication.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Replication.Heartbeat;

/// <summary>Settings of a <see cref="HeartbeatWriter"/>.</summary>
public sealed record HeartbeatWriterOptions
{
    /// <summary>How often the heartbeat is written (Cilium: every minute).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The TTL of the lease the heartbeat is written under.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// The owner side of the kvstore heartbeat: puts <c>cilium/.heartbeat</c> (RFC 3339 text, under a lease) every
/// interval, so that readers can tell a live kvstore from a stalled one.
/// </summary>
public sealed class HeartbeatWriter : IAsyncDisposable
{
    private readonly IKvStore _store;
    private readonly HeartbeatWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CancellationTokenSource? _stop;
    private Task? _run;
    private LeaseId _lease;
    private long _writes;

    /// <summary>Creates a writer; call <see cref="Start"/>.</summary>
    public HeartbeatWriter(IKvStore store, HeartbeatWriterOptions? options = null, TimeProvider? time = null, ILogger<HeartbeatWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new HeartbeatWriterOptions();
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The number of heartbeats written.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Starts writing: one heartbeat at once, then one per interval.</summary>
    public void Start()
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("the heartbeat writer is already running");
        }

        // The token is captured here: a dispose right after Start clears _stop before the task may run.
        var stop = new CancellationTokenSource();
        _stop = stop;
        _run = Task.Run(() => RunAsync(stop.Token));
    }

    /// <summary>Stops writing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop is null || _run is null)
        {
            return;
        }

        var stop = _stop;
        _stop = null;
        await stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WriteAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.Interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                _lease = _lease.IsSet ? _lease : await _store.GrantLeaseAsync(_options.LeaseTtl, cancellationToken).ConfigureAwait(false);
                if (_writes > 0)
                {
                    await _store.KeepAliveAsync(_lease, cancellationToken).ConfigureAwait(false);
                }

                await _store.PutAsync(KvKeys.Heartbeat, KvText.EncodeTimestamp(_time.GetUtcNow()), _lease, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _writes);
                return;
            }
            catch (KvNotFoundException)
            {
                // The lease is gone (expired, or the store lost its data): take a new one and write again.
                _lease = LeaseId.None;
            }
            catch (KvStoreException ex)
            {
                HeartbeatLog.WriteFailed(_logger, _store.Name, ex.Message);
                return;
            }
        }
    }
}

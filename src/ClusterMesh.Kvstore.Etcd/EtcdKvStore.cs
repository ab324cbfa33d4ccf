using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>
/// An <see cref="IKvStore"/> on a real etcd v3 cluster (dotnet-etcd over gRPC): paged reads at a pinned revision,
/// list-then-watch with a sync marker, create-only and compare-and-swap through transactions, leases,
/// compaction and status. Every call has a deadline; idempotent reads are retried with backoff and jitter.
/// Failures surface as the contract's typed <see cref="KvStoreException"/>s.
/// </summary>
public sealed partial class EtcdKvStore : IKvStore
{
    private readonly EtcdConnection _connection;
    private readonly EtcdResilience _resilience;
    private readonly EtcdKvStoreOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly EtcdCertificateWatcher? _certificates;
    private readonly EtcdChannelHealth _health;
    private long _knownCompactRevision;
    private volatile string _probeKey = "cilium/";

    /// <summary>Creates a client for <paramref name="options"/>. Nothing is contacted until the first call.</summary>
    /// <exception cref="Config.EtcdConfigurationException">The options cannot work (the message names the field).</exception>
    public EtcdKvStore(EtcdKvStoreOptions options, ILogger<EtcdKvStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _connection = new EtcdConnection(options);
        _resilience = new EtcdResilience(options, _connection.InvalidateToken, timeProvider ?? TimeProvider.System);
        _health = new EtcdChannelHealth(timeProvider ?? TimeProvider.System, options.OperationTimeout);
        Name = options.Name ?? string.Join(",", options.Endpoints);
        if (EtcdCertificateWatcher.AppliesTo(options))
        {
            _certificates = new EtcdCertificateWatcher(options, _connection.Reload, timeProvider ?? TimeProvider.System, _logger);
        }

        EtcdLog.Created(_logger, Name, options.UsesTls, options.CertFile is not null, options.Username ?? "-");
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async ValueTask<KvEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var response = await ReadAsync(key, (client, headers, ct) => client.GetAsync(new RangeRequest { Key = Bytes(key) }, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Kvs.Count == 0 ? null : ToEntry(response.Kvs[0]);
    }

    /// <inheritdoc />
    public async ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value.Span), Lease = lease.Value };
        var response = await WriteAsync(key, (client, headers, ct) => client.PutAsync(request, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Header.Revision;
    }

    /// <inheritdoc />
    public ValueTask<bool> CreateAsync(string key, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default)
        => CompareAndSwapAsync(key, 0, value, lease, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> CompareAndSwapAsync(string key, long expectedModRevision, ReadOnlyMemory<byte> value, LeaseId lease = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
        var compare = new Compare { Key = Bytes(key), Result = Compare.Types.CompareResult.Equal };
        if (expectedModRevision == 0)
        {
            // A key that does not exist has create revision 0.
            compare.Target = Compare.Types.CompareTarget.Create;
            compare.CreateRevision = 0;
        }
        else
        {
            compare.Target = Compare.Types.CompareTarget.Mod;
            compare.ModRevision = expectedModRevision;
        }

        var txn = new TxnRequest();
        txn.Compare.Add(compare);
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value.Span), Lease = lease.Value } });
        var response = await WriteAsync(key, (client, headers, ct) => client.TransactionAsync(txn, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Succeeded;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = new DeleteRangeRequest { Key = Bytes(key) };
        var response = await WriteAsync(key, (client, headers, ct) => client.DeleteAsync(request, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Deleted > 0;
    }

    /// <inheritdoc />
    public async ValueTask<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var request = new DeleteRangeRequest { Key = Bytes(prefix), RangeEnd = RangeEnd(prefix) };
        var response = await WriteAsync(prefix, (client, headers, ct) => client.DeleteAsync(request, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return response.Deleted;
    }

    /// <inheritdoc />
    public async ValueTask CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        try
        {
            // Physical: etcd answers once the old revisions are gone, so status and reads agree right after.
            var request = new CompactionRequest { Revision = revision, Physical = true };
            await WriteAsync(null, (client, headers, ct) => client.CompactAsync(request, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (EtcdErrors.IsCompacted(ex))
        {
            // Already compacted at or past this revision: nothing to do, as with the memory store.
            return;
        }

        NoteCompaction(revision);
        EtcdLog.Compacted(_logger, Name, revision);
    }

    /// <inheritdoc />
    public async ValueTask<KvStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var status = await ReadAsync(null, (client, headers, ct) => client.StatusAsync(new StatusRequest(), headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        long revision = status.Header.Revision;
        long compacted = await FindCompactRevisionAsync(revision, cancellationToken).ConfigureAwait(false);
        string detail = $"etcd {status.Version} at {string.Join(",", _options.Endpoints)}: revision {revision}, compacted {compacted}, leader {status.Leader:x}, db {status.DbSize} bytes";
        return new KvStatus(true, revision, compacted, detail);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _certificates?.Dispose();
            _connection.Dispose();
            _disposed.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>How many times changed TLS files were loaded and the connection rebuilt.</summary>
    internal int CertificateReloads => _connection.Reloads;

    internal static ByteString Bytes(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>The end of the key range of <paramref name="prefix"/> (the empty prefix means every key).</summary>
    internal static ByteString RangeEnd(string prefix) =>
        prefix.Length == 0 ? ByteString.CopyFrom(0) : EtcdClient.GetRangeEnd(Bytes(prefix));

    // ByteString is immutable: its memory is handed out as the value, without a copy.
    internal static KvEntry ToEntry(Mvccpb.KeyValue kv) =>
        new(kv.Key.ToStringUtf8(), kv.Value.Memory, kv.CreateRevision, kv.ModRevision, kv.Version, new LeaseId(kv.Lease));

    private void NoteCompaction(long revision)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _knownCompactRevision);
        }
        while (revision > seen && Interlocked.CompareExchange(ref _knownCompactRevision, revision, seen) != seen);
    }
}

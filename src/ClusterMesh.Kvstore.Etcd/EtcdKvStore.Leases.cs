using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using Etcdserverpb;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>Leases: grant, one keep-alive round trip, revoke.</summary>
public sealed partial class EtcdKvStore
{
    /// <inheritdoc />
    public async ValueTask<LeaseId> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        // etcd counts whole seconds (and raises very small TTLs to its minimum): round up, never down.
        var request = new LeaseGrantRequest { TTL = (long)Math.Ceiling(ttl.TotalSeconds) };
        var response = await WriteAsync(null, (client, headers, ct) => client.LeaseGrantAsync(request, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new KvUnavailableException($"{Name}: lease grant failed: {response.Error}");
        }

        return new LeaseId(response.ID);
    }

    /// <inheritdoc />
    public async ValueTask KeepAliveAsync(LeaseId lease, CancellationToken cancellationToken = default)
    {
        if (!lease.IsSet)
        {
            throw new ArgumentException("No lease to keep alive.", nameof(lease));
        }

        // One round trip on the keep-alive stream: renewing is idempotent, so it runs with the read retries.
        long ttl = await ReadAsync(null, async (_, headers, ct) =>
        {
            using var call = _connection.Grpc.LeaseClient.LeaseKeepAlive(headers, cancellationToken: ct);
            await EtcdStreamStart.WriteFirstAsync(call.RequestStream, call.ResponseHeadersAsync, new LeaseKeepAliveRequest { ID = lease.Value }, ct).ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            return await call.ResponseStream.MoveNext(ct).ConfigureAwait(false) ? call.ResponseStream.Current.TTL : 0;
        }, cancellationToken).ConfigureAwait(false);
        if (ttl <= 0)
        {
            throw new KvNotFoundException($"{Name}: lease {lease} has expired or was revoked");
        }
    }

    /// <inheritdoc />
    public async ValueTask RevokeLeaseAsync(LeaseId lease, CancellationToken cancellationToken = default)
    {
        if (!lease.IsSet)
        {
            return;
        }

        var request = new LeaseRevokeRequest { ID = lease.Value };
        await WriteAsync(null, (client, headers, ct) => client.LeaseRevokeAsync(request, headers, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
    }
}

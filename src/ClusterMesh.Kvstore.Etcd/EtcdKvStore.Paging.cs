using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>Paged reads of a prefix at one revision: etcd's Range call, each page read into a few chunks
/// of bytes rather than objects per key.</summary>
public sealed partial class EtcdKvStore
{
    /// <inheritdoc />
    public async ValueTask<KvPage> ListAsync(string prefix, KvListOptions options = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        int limit = options.Limit > 0 ? options.Limit : _options.PageSize;
        string start = options.StartKey is { } startKey && string.CompareOrdinal(startKey, prefix) > 0 ? startKey : prefix;
        var (page, _) = await RangePageAsync(prefix, Bytes(start), limit, options.Revision, lend: false, cancellationToken).ConfigureAwait(false);
        var entries = new List<KvEntry>(page.KeyCount);
        for (int i = 0; i < page.KeyCount; i++)
        {
            entries.Add(page.ToEntry(i));
        }

        string? next = page.More && entries.Count > 0 ? entries[^1].Key + "\0" : null;
        return new KvPage(entries, options.Revision > 0 ? options.Revision : page.Revision, next);
    }

    /// <summary>The Range method of the paged reads (tests replace it to feed the reader corrupt bytes).</summary>
    internal Method<RangeRequest, EtcdRangePage> RangeMethod { get; init; } = EtcdRangeMethod.Range;

    /// <summary>The Range method of listings that lend their values (<see cref="WatchLendingValuesAsync"/>).</summary>
    internal Method<RangeRequest, EtcdRangePage> LentRangeMethod { get; init; } = EtcdRangeMethod.LentRange;

    /// <summary>
    /// One page of <paramref name="prefix"/> from <paramref name="start"/> at <paramref name="revision"/> (0: the
    /// current one), as etcd sent it, and the limit it was read with. Read without an object per key (see
    /// <see cref="EtcdRangePage"/>): listing a mirrored cluster reads hundreds of thousands of keys through here.
    /// A page over gRPC's 4 MiB receive limit (a thousand large values) is asked for again with half the limit, down
    /// to one key; the caller goes on with the limit that worked. A lent page (<paramref name="lend"/>) is released by
    /// the caller.
    /// </summary>
    private async ValueTask<(EtcdRangePage Page, int Limit)> RangePageAsync(string prefix, ByteString start, int limit, long revision, bool lend, CancellationToken cancellationToken)
    {
        var method = lend ? LentRangeMethod : RangeMethod;
        _probeKey = prefix;
        while (true)
        {
            var request = new RangeRequest { Key = start, RangeEnd = RangeEnd(prefix), Limit = limit, Revision = revision };
            try
            {
                var page = await ReadAsync(prefix, (_, headers, ct) => EtcdRangeMethod.CallAsync(_connection.Invoker, method, request, headers, ct), cancellationToken).ConfigureAwait(false);
                return (page, limit);
            }
            catch (RpcException ex) when (EtcdErrors.IsCompacted(ex))
            {
                throw await CompactedAsync(prefix, revision, ex, cancellationToken).ConfigureAwait(false);
            }
            catch (KvUnavailableException ex) when (ex.InnerException is RpcException rpc && EtcdErrors.IsTooLarge(rpc) && limit > 1)
            {
                limit /= 2;
                EtcdLog.PageTooLarge(_logger, Name, prefix, limit);
            }
        }
    }
}

using System.Runtime.InteropServices;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Kvstore.Memory;

namespace ClusterMesh.Benchmarks.Data;

/// <summary>
/// The value bytes exactly as the remote store holds them (the same arrays, not copies), per prefix: what the
/// baseline and the codecs decode, side by side with the pipeline that reads the same bytes through a watch.
/// </summary>
internal sealed class StoredValues
{
    private StoredValues(KvPair[] identities, KvPair[] nodes, KvPair[] ipcache)
    {
        Identities = identities;
        Nodes = nodes;
        IpCache = ipcache;
    }

    public KvPair[] Identities { get; }

    public KvPair[] Nodes { get; }

    public KvPair[] IpCache { get; }

    public int Count => Identities.Length + Nodes.Length + IpCache.Length;

    public static async Task<StoredValues> ReadAsync(MemoryKvStore store) => new(
        await ReadPrefixAsync(store, $"{KvKeys.IdentitiesPrefix}/id/"),
        await ReadPrefixAsync(store, $"{KvKeys.NodesPrefix}/{RemoteClusterData.ClusterName}/"),
        await ReadPrefixAsync(store, $"{KvKeys.IpCachePrefix}/{KvKeys.IpCacheNamespace}/"));

    private static async Task<KvPair[]> ReadPrefixAsync(MemoryKvStore store, string prefix)
    {
        var pairs = new List<KvPair>();
        var options = new ClusterMesh.Abstractions.Kvstore.KvListOptions(Limit: 10_000);
        while (true)
        {
            var page = await store.ListAsync(prefix, options);
            pairs.AddRange(page.Entries.Select(e => new KvPair(e.Key, Share(e.Value))));
            if (!page.HasMore)
            {
                return [.. pairs];
            }

            options = options with { Revision = page.Revision, StartKey = page.NextKey };
        }
    }

    private static byte[] Share(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
}

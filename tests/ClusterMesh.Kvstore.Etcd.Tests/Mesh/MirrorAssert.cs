using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire;

namespace ClusterMesh.Kvstore.Etcd.Tests.Mesh;

/// <summary>
/// Compares what the local mirror holds with the remote truth: every kind's keys read from the remote etcd page by
/// page, decoded with c2's codecs and encoded again, against the mirror caches' values encoded the same way.
/// </summary>
internal static class MirrorAssert
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly WireCodecs Codecs = WireCodecs.For(WireValidationContext.Create(MeshSnapshots.Remote, MeshSnapshots.RemoteId));

    /// <summary>Waits until the mirror equals the truth of <paramref name="remote"/>, then asserts it (with the
    /// differences as the message when it never does).</summary>
    public static async Task EqualsRemoteAsync(LocalMirror mirror, IKvStore remote)
    {
        var deadline = DateTime.UtcNow + Timeout;
        string diff;
        while ((diff = await DiffAsync(mirror, remote)).Length > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(diff.Length == 0, $"mirror differs from the remote etcd: {diff}");
        Assert.Equal(mirror.Endpoints.Count, mirror.Datapath.IpCache.Count);
        Assert.Equal(0, mirror.Status.Rejections.Values.Sum());
    }

    public static async Task<string> DiffAsync(LocalMirror mirror, IKvStore remote)
    {
        var text = new StringBuilder();
        Compare(text, "nodes", await TruthAsync(remote, KvKeys.ClusterScoped(KvKeys.NodesPrefix, MeshSnapshots.Remote), Codecs.Nodes), mirror.Nodes.Snapshot(), Codecs.Nodes);
        Compare(text, "services", await TruthAsync(remote, KvKeys.ClusterScoped(KvKeys.ServicesPrefix, MeshSnapshots.Remote), Codecs.Services), mirror.Services.Snapshot(), Codecs.Services);
        Compare(text, "identities", await TruthAsync(remote, $"{KvKeys.IdentitiesPrefix}/id/", Codecs.Identities), mirror.Identities.Snapshot(), Codecs.Identities);
        Compare(text, "endpoints", await TruthAsync(remote, $"{KvKeys.IpCachePrefix}/{KvKeys.IpCacheNamespace}/", Codecs.IpCache), mirror.Endpoints.Snapshot(), Codecs.IpCache);
        return text.ToString();
    }

    /// <summary>Every key of <paramref name="prefix"/> and its canonical bytes (decoded, then encoded).</summary>
    public static async Task<Dictionary<string, string>> TruthAsync<T>(IKvStore remote, string prefix, IKvCodec<T> codec)
        where T : notnull
    {
        var truth = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new KvListOptions(500);
        KvPage page;
        do
        {
            page = await remote.ListAsync(prefix, options);
            foreach (var entry in page.Entries)
            {
                truth[entry.Key] = Encoding.UTF8.GetString(codec.Encode(codec.Decode(entry.Key, entry.Value.Span)));
            }

            options = new KvListOptions(500, page.Revision, page.NextKey);
        }
        while (page.HasMore);
        return truth;
    }

    private static void Compare<T>(StringBuilder text, string kind, Dictionary<string, string> truth, IReadOnlyDictionary<string, T> mirrored, IKvCodec<T> codec)
        where T : notnull
    {
        var missing = truth.Keys.Where(k => !mirrored.ContainsKey(k)).ToList();
        var stale = mirrored.Keys.Where(k => !truth.ContainsKey(k)).ToList();
        var different = truth.Keys.Where(k => mirrored.TryGetValue(k, out var value) && Encoding.UTF8.GetString(codec.Encode(value)) != truth[k]).ToList();
        if (missing.Count + stale.Count + different.Count > 0)
        {
            text.Append($"{kind}: {missing.Count} missing ({string.Join(" ", missing.Take(3))}), {stale.Count} stale ({string.Join(" ", stale.Take(3))}), {different.Count} different ({string.Join(" ", different.Take(3))}); ");
        }
    }
}

using System.Text.Json;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Replication.Remote;

/// <summary>
/// Reads <c>cilium/cluster-config/&lt;cluster&gt;</c> from a remote kvstore. The configuration is required (as
/// Cilium requires it of clusters that write one): when it is missing but another cluster's is present, the
/// endpoint points at the wrong cluster and the failure says so.
/// </summary>
internal static class ClusterConfigReader
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = false };

    public static async Task<ClusterConfig> ReadAsync(IKvStore store, string cluster, CancellationToken cancellationToken)
    {
        var key = KvKeys.ClusterConfig(cluster);
        var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            var others = await OtherClustersAsync(store, cluster, cancellationToken).ConfigureAwait(false);
            throw others.Count > 0
                ? new ClusterConfigException($"cluster name mismatch: the kvstore holds the configuration of {string.Join(", ", others)}, not of {cluster}", retrieved: true)
                : new ClusterConfigException($"cluster configuration {key} not found yet", retrieved: false);
        }

        return Decode(key, entry.Value.Span);
    }

    public static ClusterConfig Decode(string key, ReadOnlySpan<byte> value)
    {
        try
        {
            return JsonSerializer.Deserialize<ClusterConfig>(value, Json)
                ?? throw new ClusterConfigException($"cluster configuration {key} is empty", retrieved: true);
        }
        catch (JsonException ex)
        {
            throw new ClusterConfigException($"cluster configuration {key} is malformed: {ex.Message}", retrieved: true);
        }
    }

    private static async Task<IReadOnlyList<string>> OtherClustersAsync(IKvStore store, string cluster, CancellationToken cancellationToken)
    {
        var prefix = KvKeys.ClusterConfigPrefix + "/";
        var page = await store.ListAsync(prefix, new KvListOptions(Limit: 16), cancellationToken).ConfigureAwait(false);
        return page.Entries.Select(e => e.Key[prefix.Length..]).Where(n => n != cluster).ToList();
    }
}

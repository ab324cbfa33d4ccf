using System.Text;
using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>
/// Every kvstore vector in shared/reference/cilium-kvstore decodes, validates in the context its key and value
/// describe, and encodes back to a semantically identical value; every key parses to its typed key and back.
/// A new vector file is picked up without code changes: dispatch is on the key's prefix.
/// </summary>
public sealed class VectorRoundTripTests
{
    public static TheoryData<string, int> Vectors()
    {
        var data = new TheoryData<string, int>();
        foreach (var vector in CiliumVectors.Load().Vectors)
        {
            data.Add(vector.File, vector.Entry);
        }

        return data;
    }

    [Fact]
    public void The_vector_folder_is_found_and_holds_kvstore_vectors()
    {
        var (vectors, skipped) = CiliumVectors.Load();

        Assert.NotEmpty(vectors);
        Assert.All(skipped, reason => Assert.Matches("^[^:]+\\.json: (no kvstore key|value_encoding .*protobuf.*)", reason));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_round_trips(string file, int entry)
    {
        var vector = CiliumVectors.Load().Vectors.Single(v => v.File == file && v.Entry == entry);
        var key = vector.Key;

        switch (KvKeys.Classify(key))
        {
            case KvKeyKind.Node:
                AssertKeyRoundTrips<NodeKey>(key);
                AssertJsonRoundTrips(vector, Codecs(NodeKey.Parse(key).Cluster, ClusterIdField(vector, "ClusterID")).Nodes);
                break;
            case KvKeyKind.Service:
                AssertKeyRoundTrips<ServiceKey>(key);
                AssertJsonRoundTrips(vector, Codecs(ServiceKey.Parse(key).Cluster, ClusterIdField(vector, "clusterID")).Services);
                break;
            case KvKeyKind.ServiceExport:
                AssertKeyRoundTrips<ServiceExportKey>(key);
                AssertJsonRoundTrips(vector, Codecs(ServiceExportKey.Parse(key).Cluster, 1).ServiceExports);
                break;
            case KvKeyKind.ClusterConfig:
                AssertKeyRoundTrips<ClusterConfigKey>(key);
                AssertJsonRoundTrips(vector, Codecs(ClusterConfigKey.Parse(key).Cluster, ClusterIdField(vector, "id")).ClusterConfig);
                break;
            case KvKeyKind.IpCache:
                AssertKeyRoundTrips<IpCacheKey>(key);
                var owner = new NumericIdentity(vector.Value["ID"]!.GetValue<uint>()).ClusterOf();
                AssertJsonRoundTrips(vector, Codecs("vector-source", owner.Value).IpCache);
                break;
            case KvKeyKind.Identity:
                AssertKeyRoundTrips<IdentityKey>(key);
                var labels = LabelSet.ParseKvStoreForm(Text(vector));
                var codecs = Codecs(labels.ValueOf(Label.ClusterKey)!, IdentityKey.Parse(key).Id.ClusterOf().Value);
                AssertTextRoundTrips(vector, v => codecs.Identities.Encode(codecs.Identities.Decode(key, v)));
                break;
            case KvKeyKind.IdentityValue:
                AssertKeyRoundTrips<IdentityValueKey>(key);
                AssertTextRoundTrips(vector, v => KvText.EncodeIdentity(KvText.DecodeIdentity(key, v)));
                break;
            case KvKeyKind.SyncedCanary:
                AssertKeyRoundTrips<SyncedCanaryKey>(key);
                AssertTextRoundTrips(vector, v => KvText.EncodeTimestamp(KvText.DecodeTimestamp(key, v)));
                break;
            case KvKeyKind.Heartbeat:
                AssertKeyRoundTrips<HeartbeatKey>(key);
                AssertTextRoundTrips(vector, v => KvText.EncodeTimestamp(KvText.DecodeTimestamp(key, v)));
                break;
            default:
                Assert.Fail($"{file}: no codec for key '{key}' (kind {KvKeys.Classify(key)})");
                break;
        }
    }

    private static WireCodecs Codecs(string cluster, int clusterId) =>
        WireCodecs.For(WireValidationContext.Create(cluster, clusterId));

    private static int ClusterIdField(KvVector vector, string field) => vector.Value[field]!.GetValue<int>();

    private static string Text(KvVector vector) => vector.Value.GetValue<string>();

    private static void AssertKeyRoundTrips<TKey>(string key)
        where TKey : struct, IKvKey<TKey>
    {
        Assert.True(TKey.TryParse(key, out var parsed), $"'{key}' does not parse as {typeof(TKey).Name}");
        Assert.Equal(key, parsed.ToString());
    }

    private static void AssertJsonRoundTrips<T>(KvVector vector, IKvCodec<T> codec)
        where T : notnull
    {
        var original = Encoding.UTF8.GetBytes(vector.Value.ToJsonString());
        var decoded = codec.Decode(vector.Key, original);
        var encoded = codec.Encode(decoded);
        var reparsed = JsonNode.Parse(encoded);

        Assert.True(JsonNode.DeepEquals(vector.Value, reparsed),
            $"{vector.File}: re-encoded value differs\nexpected: {vector.Value.ToJsonString()}\nactual:   {Encoding.UTF8.GetString(encoded)}");
        Assert.Equal(vector.Key, codec.KeyOf(decoded));
    }

    private static void AssertTextRoundTrips(KvVector vector, Func<byte[], byte[]> roundTrip)
    {
        var text = Text(vector);
        Assert.Equal(text, Encoding.UTF8.GetString(roundTrip(Encoding.UTF8.GetBytes(text))));
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Tests.Support;

/// <summary>A small record for testing the generic machinery without the wire model.</summary>
internal sealed record Item([property: JsonPropertyName("cluster")] string Cluster, [property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("value")] int Value);

/// <summary>
/// A strict codec for <see cref="Item"/> under <c>&lt;prefix&gt;/&lt;cluster&gt;/&lt;name&gt;</c>: malformed JSON,
/// another cluster's items and keys that disagree with the value are rejected with their reasons.
/// </summary>
internal sealed class ItemCodec(string prefix, string cluster) : IKvCodec<Item>
{
    public Item Decode(string key, ReadOnlySpan<byte> value)
    {
        Item? item;
        try
        {
            item = JsonSerializer.Deserialize<Item>(value);
        }
        catch (JsonException ex)
        {
            throw new WireValidationException(key, RejectReason.MalformedValue, ex.Message);
        }

        if (item is null || string.IsNullOrEmpty(item.Name))
        {
            throw new WireValidationException(key, RejectReason.InvalidField, "name is empty");
        }

        if (item.Cluster != cluster)
        {
            throw new WireValidationException(key, RejectReason.ForeignCluster, $"item of {item.Cluster} read from {cluster}");
        }

        return key == KeyOf(item) ? item : throw new WireValidationException(key, RejectReason.KeyMismatch, $"key does not name {item.Name}");
    }

    public byte[] Encode(Item value) => JsonSerializer.SerializeToUtf8Bytes(value);

    public string KeyOf(Item value) => $"{prefix}/{value.Cluster}/{value.Name}";
}

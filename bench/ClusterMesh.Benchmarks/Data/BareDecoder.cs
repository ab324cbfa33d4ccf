using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;

namespace ClusterMesh.Benchmarks.Data;

/// <summary>
/// The baseline: bare source-generated System.Text.Json deserialization with the project's own
/// <c>WireJsonContext</c> metadata (internal to ClusterMesh.Abstractions, so it is looked up once by reflection),
/// and <see cref="LabelSet.ParseKvStoreForm"/> for identities, whose values are plain text. No key parsing, no
/// validation, no copies, no observers.
/// </summary>
internal static class BareDecoder
{
    private static readonly JsonSerializerContext WireContext = LoadWireContext();

    public static JsonTypeInfo<IpCacheEntry> IpCacheEntry { get; } = (JsonTypeInfo<IpCacheEntry>)WireContext.GetTypeInfo(typeof(IpCacheEntry))!;

    public static JsonTypeInfo<Node> Node { get; } = (JsonTypeInfo<Node>)WireContext.GetTypeInfo(typeof(Node))!;

    public static JsonTypeInfo<ClusterService> ClusterService { get; } = (JsonTypeInfo<ClusterService>)WireContext.GetTypeInfo(typeof(ClusterService))!;

    public static IpCacheEntry? DecodeIpCache(ReadOnlySpan<byte> value) => JsonSerializer.Deserialize(value, IpCacheEntry);

    public static Node? DecodeNode(ReadOnlySpan<byte> value) => JsonSerializer.Deserialize(value, Node);

    public static ClusterService? DecodeService(ReadOnlySpan<byte> value) => JsonSerializer.Deserialize(value, ClusterService);

    public static LabelSet DecodeIdentity(ReadOnlySpan<byte> value) => LabelSet.ParseKvStoreForm(Encoding.UTF8.GetString(value));

    /// <summary>Decodes every value once; returns how many decoded to something.</summary>
    public static int DecodeAll(StoredValues data)
    {
        var decoded = 0;
        foreach (var pair in data.Identities)
        {
            decoded += DecodeIdentity(pair.Value).Count > 0 ? 1 : 0;
        }

        foreach (var pair in data.Nodes)
        {
            decoded += DecodeNode(pair.Value) is not null ? 1 : 0;
        }

        foreach (var pair in data.IpCache)
        {
            decoded += DecodeIpCache(pair.Value) is not null ? 1 : 0;
        }

        return decoded;
    }

    private static JsonSerializerContext LoadWireContext()
    {
        var type = typeof(WireCodecs).Assembly.GetType("ClusterMesh.Abstractions.Wire.Json.WireJsonContext", throwOnError: true)!;
        var defaultProperty = type.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException("WireJsonContext.Default not found");
        return (JsonSerializerContext)defaultProperty.GetValue(null)!;
    }
}

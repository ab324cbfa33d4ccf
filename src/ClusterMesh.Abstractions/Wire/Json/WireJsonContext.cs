using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Source-generated JSON metadata for every JSON kvstore value. Unknown fields are an error: the wire format is
/// Cilium's, and a field we do not know means a writer we do not understand.
/// </summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(IpCacheEntry))]
[JsonSerializable(typeof(ClusterService))]
[JsonSerializable(typeof(ServiceExport))]
[JsonSerializable(typeof(ClusterConfig))]
internal sealed partial class WireJsonContext : JsonSerializerContext;

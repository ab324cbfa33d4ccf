using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterMesh.Agent.Demo;

namespace ClusterMesh.Agent.Output;

/// <summary>Source-generated JSON for everything the CLI prints with <c>-o json</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DemoReport))]
[JsonSerializable(typeof(TroubleshootReport))]
[JsonSerializable(typeof(ClusterMesh.Agent.PolicyTrace.TraceReport))]
[JsonSerializable(typeof(ClusterMesh.Agent.GlobalServices.ServiceListReport))]
internal sealed partial class CliJson : JsonSerializerContext
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);
}

/// <summary>The JSON document of <c>status</c> and <c>troubleshoot</c>.</summary>
internal sealed record TroubleshootReport
{
    [JsonPropertyName("cluster")] public required string Cluster { get; init; }

    [JsonPropertyName("ready")] public bool Ready { get; init; }

    [JsonPropertyName("clusters")] public IReadOnlyList<RemoteClusterView> Clusters { get; init; } = [];
}

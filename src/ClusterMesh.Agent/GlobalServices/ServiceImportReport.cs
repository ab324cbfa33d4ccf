using System.Text.Json.Serialization;
using ClusterMesh.Services.Mcs;

namespace ClusterMesh.Agent.GlobalServices;

/// <summary>The MCS-API ServiceImport of a service: its clusterset name, the exporting clusters and the conflicts.</summary>
internal sealed record ServiceImportReport
{
    /// <summary><c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local</c>.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("type")] public required string Type { get; init; }

    [JsonPropertyName("clusters")] public required IReadOnlyList<string> Clusters { get; init; }

    /// <summary>The cluster whose (oldest) export defines the import.</summary>
    [JsonPropertyName("winningCluster")] public required string WinningCluster { get; init; }

    [JsonPropertyName("ports")] public required IReadOnlyList<ServiceImportPortReport> Ports { get; init; }

    [JsonPropertyName("sessionAffinity")] public required string SessionAffinity { get; init; }

    /// <summary>One condition per kind of disagreement between the exports; empty when they agree.</summary>
    [JsonPropertyName("conditions")] public required IReadOnlyList<ServiceImportConditionReport> Conditions { get; init; }

    public static ServiceImportReport From(DerivedServiceImport import) => new()
    {
        Name = import.DnsName,
        Type = import.Type,
        Clusters = import.Clusters,
        WinningCluster = import.WinningCluster,
        Ports = [.. import.Ports.Select(p => new ServiceImportPortReport(p.Name, p.Port, p.Protocol))],
        SessionAffinity = import.SessionAffinity,
        Conditions = [.. import.Conflicts.Select(c => new ServiceImportConditionReport(c.Type, c.Clusters, c.Message))],
    };
}

/// <summary>A port of a ServiceImport.</summary>
internal sealed record ServiceImportPortReport(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("protocol")] string Protocol);

/// <summary>A conflict condition (e.g. <c>ConflictingPorts</c>) naming the clusters that disagree with the winner.</summary>
internal sealed record ServiceImportConditionReport(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("clusters")] IReadOnlyList<string> Clusters,
    [property: JsonPropertyName("message")] string Message);

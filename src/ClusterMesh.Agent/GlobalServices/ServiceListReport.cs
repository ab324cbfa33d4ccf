using System.Text.Json.Serialization;
using ClusterMesh.Services.Mcs;
using ClusterMesh.Services.Model;

namespace ClusterMesh.Agent.GlobalServices;

/// <summary>The JSON document of <c>service list</c>.</summary>
internal sealed record ServiceListReport
{
    [JsonPropertyName("cluster")] public required string Cluster { get; init; }

    [JsonPropertyName("services")] public required IReadOnlyList<ServiceReport> Services { get; init; }

    /// <summary>The report of <paramref name="services"/>, each with its ServiceImport from <paramref name="imports"/> if any.</summary>
    public static ServiceListReport From(string cluster, IEnumerable<MergedService> services, ServiceImportResolver? imports = null) => new()
    {
        Cluster = cluster,
        Services = [.. services.Select(s => ServiceReport.From(s) with
        {
            ServiceImport = imports?.Get(s.Name.Namespace, s.Name.Name) is { } derived ? ServiceImportReport.From(derived) : null,
        })],
    };
}

/// <summary>One merged service.</summary>
internal sealed record ServiceReport
{
    [JsonPropertyName("namespace")] public required string Namespace { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("global")] public bool Global { get; init; }

    [JsonPropertyName("affinity")] public required string Affinity { get; init; }

    [JsonPropertyName("frontends")] public required IReadOnlyList<FrontendReport> Frontends { get; init; }

    [JsonPropertyName("backends")] public required IReadOnlyList<BackendReport> Backends { get; init; }

    [JsonPropertyName("conflicts")] public IReadOnlyList<string> Conflicts { get; init; } = [];

    /// <summary>The MCS-API ServiceImport derived from every cluster's export of this service; null when none exports it.</summary>
    [JsonPropertyName("serviceImport")] public ServiceImportReport? ServiceImport { get; init; }

    public static ServiceReport From(MergedService service) => new()
    {
        Namespace = service.Name.Namespace,
        Name = service.Name.Name,
        Global = service.Global,
        Affinity = service.Affinity.ToString().ToLowerInvariant(),
        Frontends = [.. service.Frontends.Select(f => new FrontendReport(f.Address, f.Port, f.Protocol, f.PortName))],
        Backends = [.. service.Backends.SelectMany(b => b.Ports.Select(p => new BackendReport(b.Address, p.Value.Port, p.Value.Protocol, b.Cluster, b.Healthy, b.Selected)))],
        Conflicts = [.. service.Conflicts.Select(c => $"{c.Cluster} {c.PortName}: {c.Detail}")],
    };
}

/// <summary>A frontend: ClusterIP and port.</summary>
internal sealed record FrontendReport(
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("portName")] string PortName);

/// <summary>A backend with its cluster, health and whether the affinity rules select it.</summary>
internal sealed record BackendReport(
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("healthy")] bool Healthy,
    [property: JsonPropertyName("selected")] bool Selected);

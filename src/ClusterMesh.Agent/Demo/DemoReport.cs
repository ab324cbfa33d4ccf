using System.Text.Json.Serialization;
using ClusterMesh.Agent.Output;

namespace ClusterMesh.Agent.Demo;

/// <summary>The result of <c>demo</c>: every step with its outcome, and what each cluster sees at the end.</summary>
internal sealed record DemoReport
{
    [JsonPropertyName("passed")] public bool Passed => Steps.All(s => s.Passed);

    [JsonPropertyName("steps")] public List<DemoStepResult> Steps { get; init; } = [];

    [JsonPropertyName("clusters")] public List<ClusterView> Clusters { get; init; } = [];
}

/// <summary>One demo step.</summary>
internal sealed record DemoStepResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("passed")] public bool Passed { get; init; }

    [JsonPropertyName("detail")] public string Detail { get; init; } = string.Empty;

    [JsonPropertyName("output")] public string? Output { get; init; }
}

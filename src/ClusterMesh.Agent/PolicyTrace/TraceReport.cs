using System.Text.Json.Serialization;
using ClusterMesh.Policy.Evaluation;

namespace ClusterMesh.Agent.PolicyTrace;

/// <summary>The JSON document of <c>policy trace</c>.</summary>
internal sealed record TraceReport
{
    [JsonPropertyName("verdict")] public required string Verdict { get; init; }

    [JsonPropertyName("source")] public required string Source { get; init; }

    [JsonPropertyName("destination")] public required string Destination { get; init; }

    [JsonPropertyName("port")] public int Port { get; init; }

    [JsonPropertyName("protocol")] public required string Protocol { get; init; }

    [JsonPropertyName("egress")] public required DirectionReport Egress { get; init; }

    [JsonPropertyName("ingress")] public required DirectionReport Ingress { get; init; }

    public static TraceReport From(FlowVerdict verdict, string source, string destination, int port, string protocol) => new()
    {
        Verdict = Word(verdict.Verdict),
        Source = source,
        Destination = destination,
        Port = port,
        Protocol = protocol.ToUpperInvariant(),
        Egress = DirectionReport.From(verdict.Egress),
        Ingress = DirectionReport.From(verdict.Ingress),
    };

    public static string Word(Verdict verdict) => verdict == Policy.Evaluation.Verdict.Allowed ? "ALLOWED" : "DENIED";
}

/// <summary>One direction's decision and what decided it.</summary>
internal sealed record DirectionReport
{
    [JsonPropertyName("verdict")] public required string Verdict { get; init; }

    [JsonPropertyName("reason")] public required string Reason { get; init; }

    [JsonPropertyName("policy")] public string? Policy { get; init; }

    [JsonPropertyName("rule")] public string? Rule { get; init; }

    [JsonPropertyName("explanation")] public required string Explanation { get; init; }

    public static DirectionReport From(DirectionVerdict verdict) => new()
    {
        Verdict = TraceReport.Word(verdict.Verdict),
        Reason = verdict.Reason.ToString(),
        Policy = verdict.Policy,
        Rule = verdict.Rule,
        Explanation = verdict.Explanation,
    };
}

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

    /// <summary>The source map's entry that decided egress; absent when none matched (default deny).</summary>
    [JsonPropertyName("egressEntry")] public MapEntryReport? EgressEntry { get; init; }

    /// <summary>The destination map's entry that decided ingress; absent when none matched (default deny).</summary>
    [JsonPropertyName("ingressEntry")] public MapEntryReport? IngressEntry { get; init; }

    /// <summary>With <c>--check-reference</c>: whether the reference evaluator agreed.</summary>
    [JsonPropertyName("referenceAgrees")] public bool? ReferenceAgrees { get; init; }

    public static TraceReport From(EngineTrace trace, string source, string destination, int port, string protocol) => new()
    {
        Verdict = Word(trace.Verdict.Verdict),
        Source = source,
        Destination = destination,
        Port = port,
        Protocol = protocol.ToUpperInvariant(),
        Egress = DirectionReport.From(trace.Verdict.Egress),
        Ingress = DirectionReport.From(trace.Verdict.Ingress),
        EgressEntry = MapEntryReport.From(trace.EgressEntry),
        IngressEntry = MapEntryReport.From(trace.IngressEntry),
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

/// <summary>A policy-map entry as a map dump shows it: the key's fields and the value.</summary>
internal sealed record MapEntryReport
{
    /// <summary><c>Allow</c>, <c>Deny</c> or <c>Redirect</c>.</summary>
    [JsonPropertyName("policy")] public required string Policy { get; init; }

    [JsonPropertyName("direction")] public required string Direction { get; init; }

    /// <summary>The peer identity; 0 is the wildcard (any identity).</summary>
    [JsonPropertyName("identity")] public uint Identity { get; init; }

    /// <summary>IANA protocol number; 0 is any protocol.</summary>
    [JsonPropertyName("protocol")] public int Protocol { get; init; }

    /// <summary><c>80/TCP</c>, <c>8000-8007/TCP</c>, <c>TCP</c> or <c>ANY</c>.</summary>
    [JsonPropertyName("portProtocol")] public required string PortProtocol { get; init; }

    [JsonPropertyName("port")] public int Port { get; init; }

    [JsonPropertyName("portPrefixLength")] public int PortPrefixLength { get; init; }

    /// <summary>The key's LPM prefix length (40..64).</summary>
    [JsonPropertyName("prefixLength")] public int PrefixLength { get; init; }

    [JsonPropertyName("deny")] public bool Deny { get; init; }

    [JsonPropertyName("proxyPort")] public int ProxyPort { get; init; }

    /// <summary>The entry in one line, e.g. <c>Allow Egress identity=65793 ANY proxy=NONE prefix=40</c>.</summary>
    [JsonPropertyName("text")] public required string Text { get; init; }

    public static MapEntryReport? From(DecidingEntry? entry) => entry is null ? null : new()
    {
        Policy = entry.Policy,
        Direction = entry.Key.Direction.ToString(),
        Identity = entry.Key.Identity.Value,
        Protocol = entry.Key.Protocol,
        PortProtocol = entry.PortProtocol,
        Port = entry.Key.Port,
        PortPrefixLength = entry.Key.PortPrefixLength,
        PrefixLength = entry.Key.LpmPrefixLength,
        Deny = entry.Value.Deny,
        ProxyPort = entry.Value.ProxyPort,
        Text = entry.ToString(),
    };
}

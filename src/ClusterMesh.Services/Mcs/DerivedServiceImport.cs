using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Services.Mcs;

/// <summary>
/// The ServiceImport every cluster derives for one exported namespace/name: the properties of the oldest export
/// and the conditions naming the clusters whose exports disagree with it.
/// </summary>
public sealed record DerivedServiceImport
{
    /// <summary>The service namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The service name.</summary>
    public required string Name { get; init; }

    /// <summary><c>&lt;name&gt;.&lt;namespace&gt;.svc.clusterset.local</c>.</summary>
    public string DnsName => $"{Name}.{Namespace}.svc.clusterset.local";

    /// <summary>The cluster whose export won: the oldest, ties broken by the ordinal cluster name.</summary>
    public required string WinningCluster { get; init; }

    /// <summary>Every exporting cluster, in ordinal order.</summary>
    public required IReadOnlyList<string> Clusters { get; init; }

    /// <summary>The winning export's ports.</summary>
    public required IReadOnlyList<ServiceExportPort> Ports { get; init; }

    /// <summary><c>ClusterSetIP</c> or <c>Headless</c>, from the winning export.</summary>
    public required string Type { get; init; }

    /// <summary><c>None</c> or <c>ClientIP</c>, from the winning export.</summary>
    public required string SessionAffinity { get; init; }

    /// <summary>The winning export's session affinity settings.</summary>
    public SessionAffinityConfig? SessionAffinityConfig { get; init; }

    /// <summary>The winning export's labels.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The winning export's annotations.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>One condition per kind of disagreement with the winner; empty when every export agrees.</summary>
    public required IReadOnlyList<ServiceImportConflict> Conflicts { get; init; }

    /// <summary>Whether two derivations say the same thing (lists and maps compared by content).</summary>
    public bool SameAs(DerivedServiceImport? other) =>
        other is not null
        && Namespace == other.Namespace && Name == other.Name && WinningCluster == other.WinningCluster
        && Type == other.Type && SessionAffinity == other.SessionAffinity
        && Equals(SessionAffinityConfig, other.SessionAffinityConfig)
        && Clusters.SequenceEqual(other.Clusters, StringComparer.Ordinal)
        && Ports.SequenceEqual(other.Ports)
        && SameMap(Labels, other.Labels) && SameMap(Annotations, other.Annotations)
        && Conflicts.Count == other.Conflicts.Count
        && Conflicts.Zip(other.Conflicts).All(p => p.First.SameAs(p.Second));

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0)
        && (a ?? new Dictionary<string, string>()).All(kv => b is not null && b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}

/// <summary>A conflict condition of a derived ServiceImport.</summary>
/// <param name="Type">The condition type, one of <see cref="ServiceImportConflict"/>'s constants.</param>
/// <param name="Clusters">The clusters whose exports disagree with the winner, in ordinal order.</param>
/// <param name="Message">A human readable explanation.</param>
public sealed record ServiceImportConflict(string Type, IReadOnlyList<string> Clusters, string Message)
{
    /// <summary>Exports disagree on the set of ports.</summary>
    public const string ConflictingPorts = "ConflictingPorts";

    /// <summary>Exports disagree on <c>ClusterSetIP</c> versus <c>Headless</c>.</summary>
    public const string ConflictingType = "ConflictingType";

    /// <summary>Exports disagree on the session affinity or its ClientIP timeout.</summary>
    public const string ConflictingSessionAffinity = "ConflictingSessionAffinity";

    /// <summary>Whether two conditions say the same thing.</summary>
    public bool SameAs(ServiceImportConflict other) =>
        other is not null && Type == other.Type && Message == other.Message && Clusters.SequenceEqual(other.Clusters, StringComparer.Ordinal);
}

using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Services.Mcs;

/// <summary>Derives one ServiceImport from every cluster's export of the same namespace/name.</summary>
internal static class ServiceImportDerivation
{
    /// <summary>The oldest export first; equal timestamps by ordinal cluster name, so every cluster agrees.</summary>
    public static readonly Comparison<ServiceExport> OldestFirst = (a, b) =>
    {
        var byTime = a.ExportCreationTimestamp.CompareTo(b.ExportCreationTimestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Cluster, b.Cluster);
    };

    public static DerivedServiceImport Derive(IReadOnlyCollection<ServiceExport> exports)
    {
        var ordered = exports.ToList();
        ordered.Sort(OldestFirst);
        var winner = ordered[0];
        var others = ordered.Skip(1).ToList();
        var conflicts = new List<ServiceImportConflict>();
        AddConflict(conflicts, ServiceImportConflict.ConflictingPorts, winner, others, (a, b) => SamePorts(a, b), "ports");
        AddConflict(conflicts, ServiceImportConflict.ConflictingType, winner, others, (a, b) => a.Type == b.Type, "type");
        AddConflict(conflicts, ServiceImportConflict.ConflictingSessionAffinity, winner, others, SameAffinity, "session affinity");
        return new DerivedServiceImport
        {
            Namespace = winner.Namespace,
            Name = winner.Name,
            WinningCluster = winner.Cluster,
            Clusters = ordered.Select(e => e.Cluster).Order(StringComparer.Ordinal).ToList(),
            Ports = winner.Ports ?? [],
            Type = winner.Type,
            SessionAffinity = winner.SessionAffinity,
            SessionAffinityConfig = winner.SessionAffinityConfig,
            Labels = winner.Labels,
            Annotations = winner.Annotations,
            Conflicts = conflicts,
        };
    }

    private static void AddConflict(List<ServiceImportConflict> conflicts, string type, ServiceExport winner,
        List<ServiceExport> others, Func<ServiceExport, ServiceExport, bool> agree, string what)
    {
        var disagreeing = others.Where(e => !agree(winner, e)).Select(e => e.Cluster).Order(StringComparer.Ordinal).ToList();
        if (disagreeing.Count > 0)
        {
            conflicts.Add(new ServiceImportConflict(type, disagreeing,
                $"the {what} of the export in {string.Join(", ", disagreeing)} differ from the oldest export's, in {winner.Cluster}"));
        }
    }

    // Port order in a Service carries no meaning, so ports are compared as sets.
    private static bool SamePorts(ServiceExport a, ServiceExport b)
    {
        return (a.Ports ?? []).ToHashSet().SetEquals(b.Ports ?? []);
    }

    private static bool SameAffinity(ServiceExport a, ServiceExport b) =>
        a.SessionAffinity == b.SessionAffinity
        && (a.SessionAffinity != "ClientIP" || a.SessionAffinityConfig?.ClientIP?.TimeoutSeconds == b.SessionAffinityConfig?.ClientIP?.TimeoutSeconds);
}

using ClusterMesh.Services.Model;

namespace ClusterMesh.Agent.GlobalServices;

/// <summary>The edits the demo makes to a cluster's services (what a rollout or a readiness change would do).</summary>
internal static class ServiceEdits
{
    /// <summary>Sets the affinity of service <paramref name="name"/> and the state of all its backends.</summary>
    public static IReadOnlyList<LocalService> Set(IReadOnlyList<LocalService> services, string name, ServiceAffinity affinity, BackendState state) =>
        [.. services.Select(s => s.Name != name ? s : s with
        {
            Affinity = affinity,
            Backends = [.. s.Backends.Select(b => b with { State = state })],
        })];

    /// <summary>Replaces backend address <paramref name="from"/> by <paramref name="to"/> in every service (a pod replaced).</summary>
    public static IReadOnlyList<LocalService> ReplaceBackend(IReadOnlyList<LocalService> services, string from, string to) =>
        [.. services.Select(s => s with
        {
            Backends = [.. s.Backends.Select(b => b.Address == from ? b with { Address = to } : b)],
        })];
}

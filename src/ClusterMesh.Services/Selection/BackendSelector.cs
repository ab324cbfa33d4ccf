using ClusterMesh.Services.Model;

namespace ClusterMesh.Services.Selection;

/// <summary>
/// Cilium's documented affinity rules. Every backend stays in the service's list (unhealthy local ones included,
/// so they show up as such); <see cref="MergedBackend.Selected"/> says which ones the load balancer uses:
/// <list type="bullet">
/// <item><c>none</c>: every healthy backend of every cluster.</item>
/// <item><c>local</c>: the healthy local backends; the healthy remote ones only while no local backend is healthy.</item>
/// <item><c>remote</c>: the mirror image of <c>local</c>.</item>
/// </list>
/// Only healthy backends (active or terminating) are ever selected.
/// </summary>
public static class BackendSelector
{
    /// <summary>Returns <paramref name="backends"/> in the same order with <see cref="MergedBackend.Selected"/> set.</summary>
    public static IReadOnlyList<MergedBackend> Apply(ServiceAffinity affinity, IReadOnlyList<MergedBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        var preferLocal = affinity switch
        {
            ServiceAffinity.Local => true,
            ServiceAffinity.Remote => false,
            _ => (bool?)null,
        };

        // With a preference, the preferred side alone is used as long as one of its backends is healthy.
        var onlyPreferred = preferLocal is { } local && backends.Any(b => b.IsLocal == local && b.Healthy);
        var result = new MergedBackend[backends.Count];
        for (var i = 0; i < backends.Count; i++)
        {
            var backend = backends[i];
            var selected = backend.Healthy && (!onlyPreferred || backend.IsLocal == preferLocal);
            result[i] = backend.Selected == selected ? backend : backend with { Selected = selected };
        }

        return result;
    }
}

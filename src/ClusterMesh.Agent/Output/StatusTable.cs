using System.Globalization;
using System.Text;

namespace ClusterMesh.Agent.Output;

/// <summary>Renders remote-cluster status in the shape of <c>cilium-dbg status --all-clusters</c>.</summary>
internal static class StatusTable
{
    public static string Render(string title, IReadOnlyList<RemoteClusterView> clusters)
    {
        var text = new StringBuilder();
        var ready = clusters.Count(c => c.Ready);
        text.Append(CultureInfo.InvariantCulture, $"{title}:   {ready}/{clusters.Count} remote clusters ready\n");
        foreach (var c in clusters)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"   {c.Name}: {(c.Ready ? "ready" : "not-ready")}, {c.Nodes} nodes, {c.Endpoints} endpoints, {c.Identities} identities, {c.Services} services, {c.Failures} failures (last: {c.LastFailure ?? "never"})\n");
            text.Append(CultureInfo.InvariantCulture,
                $"   └  kvstore: {(c.Connected ? "connected" : "disconnected")}, cluster-id={c.ClusterId}, rejected values={c.Rejected}\n");
            text.Append(CultureInfo.InvariantCulture,
                $"   └  synchronization status: nodes={Flag(c.Synced.Nodes)}, endpoints={Flag(c.Synced.Endpoints)}, identities={Flag(c.Synced.Identities)}, services={Flag(c.Synced.Services)}\n");
        }

        return text.ToString();
    }

    private static string Flag(bool value) => value ? "true" : "false";
}

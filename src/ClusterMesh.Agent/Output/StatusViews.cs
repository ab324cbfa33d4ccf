using System.Globalization;
using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Agent.Output;

/// <summary>Maps replication status to what the CLI prints.</summary>
internal static class StatusViews
{
    public static RemoteClusterView From(RemoteClusterStatus status) => new()
    {
        Name = status.Name,
        Ready = status.Ready,
        Connected = status.Connected,
        ClusterId = status.ClusterId ?? 0,
        Nodes = status.CountOf(RemoteKindNames.Nodes),
        Endpoints = status.CountOf(RemoteKindNames.Endpoints),
        Identities = status.CountOf(RemoteKindNames.Identities),
        Services = status.CountOf(RemoteKindNames.Services),
        Failures = (int)status.NumFailures,
        LastFailure = status.LastFailure is { } at
            ? $"{at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {status.LastFailureMessage}"
            : null,
        Rejected = (int)status.Rejections.Values.Sum(),
        Synced = new SyncedView
        {
            Nodes = status.IsSynced(RemoteKindNames.Nodes),
            Endpoints = status.IsSynced(RemoteKindNames.Endpoints),
            Identities = status.IsSynced(RemoteKindNames.Identities),
            Services = status.IsSynced(RemoteKindNames.Services),
        },
    };

    /// <summary>Combines what several agents of one cluster see: ready and connected only if all agents agree.</summary>
    public static IReadOnlyList<RemoteClusterView> Combine(IEnumerable<IReadOnlyList<RemoteClusterStatus>> perAgent) =>
        perAgent.SelectMany(s => s)
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var views = g.Select(From).ToList();
                return views[0] with
                {
                    Ready = views.All(v => v.Ready),
                    Connected = views.All(v => v.Connected),
                    Failures = views.Max(v => v.Failures),
                    LastFailure = views.Select(v => v.LastFailure).Where(f => f is not null).Max(StringComparer.Ordinal),
                };
            })
            .ToList();
}

using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Replication.Tests.Support;

/// <summary>A local cluster (c1, ID 1) with observers for two item kinds, mirroring remote clusters.</summary>
internal sealed class RemoteClusterHarness
{
    public static readonly BackoffOptions FastBackoff = new(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(40));

    public RecordingObserver<Item> Nodes { get; } = new();

    public RecordingObserver<Item> Services { get; } = new();

    public ClusterIdRegistry Ids { get; } = new();

    public static RemoteClusterOptions Options(int maxConnectedClusters = 255) => new()
    {
        LocalClusterName = "c1",
        LocalClusterId = new ClusterId(1),
        MaxConnectedClusters = maxConnectedClusters,
        ConnectBackoff = FastBackoff,
        WatchBackoff = FastBackoff,
        MonitorHeartbeat = false,
    };

    public IReadOnlyList<RemoteKind> Kinds() =>
    [
        RemoteKind.ClusterScoped(RemoteKindNames.Nodes, RemotePublisher.Nodes, info => new ItemCodec(RemotePublisher.Nodes, info.Name), Nodes),
        RemoteKind.ClusterScoped(RemoteKindNames.Services, RemotePublisher.Services, info => new ItemCodec(RemotePublisher.Services, info.Name), Services),
    ];

    public RemoteCluster Create(string name, RemoteClusterOptions? options = null) =>
        new(name, options ?? Options(), Kinds(), Ids);
}

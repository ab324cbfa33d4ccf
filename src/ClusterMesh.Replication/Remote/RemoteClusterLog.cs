using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Remote;

/// <summary>Log messages of remote clusters (event ids 1300-1399).</summary>
internal static partial class RemoteClusterLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "remote cluster {Cluster}: connecting to {Store}")]
    public static partial void Connecting(ILogger logger, string cluster, string store);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "remote cluster {Cluster}: configuration accepted (cluster ID {ClusterId}, synced canaries {SyncedCanaries})")]
    public static partial void ConfigAccepted(ILogger logger, string cluster, int clusterId, bool syncedCanaries);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "remote cluster {Cluster}: {Reason}; retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string cluster, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "remote cluster {Cluster}: configuration changed; reconnecting")]
    public static partial void ConfigChanged(ILogger logger, string cluster);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "remote cluster {Cluster}: cluster ID changed from {Old} to {New}; withdrawing everything learned under the old ID")]
    public static partial void ClusterIdChanged(ILogger logger, string cluster, int old, int @new);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "remote cluster {Cluster}: watch failed: {Reason}")]
    public static partial void WatchFailed(ILogger logger, string cluster, string reason);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "remote cluster {Cluster}: removed; withdrew its state")]
    public static partial void Removed(ILogger logger, string cluster);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "waiting for synced canary {Key}")]
    public static partial void WaitingForCanary(ILogger logger, string key);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Debug, Message = "remote cluster {Cluster}: could not close the old kvstore client: {Reason}")]
    public static partial void CloseFailed(ILogger logger, string cluster, string reason);
}

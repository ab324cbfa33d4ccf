using ClusterMesh.Abstractions.Replication;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Services.Merge;

/// <summary>Log messages of <see cref="GlobalServiceMerger"/> (event ids 5000-5099).</summary>
internal static partial class MergerLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "global services: rejected {Key}: {Reason}: {Detail}")]
    public static partial void Rejected(ILogger logger, string key, RejectReason reason, string detail);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "global services: {Service} from cluster {Cluster}: port '{PortName}' {Detail}")]
    public static partial void Conflict(ILogger logger, string service, string cluster, string portName, string detail);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "global services: removed cluster {Cluster} from {Count} services")]
    public static partial void ClusterRemoved(ILogger logger, string cluster, int count);
}

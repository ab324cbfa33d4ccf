using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Mesh;

/// <summary>Log messages of the mesh manager (event ids 1500-1599).</summary>
internal static partial class MeshLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "clustermesh: adding remote cluster {Cluster} ({Endpoints})")]
    public static partial void Adding(ILogger logger, string cluster, string endpoints);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "clustermesh: configuration of {Cluster} changed; reconnecting ({Endpoints})")]
    public static partial void Updating(ILogger logger, string cluster, string endpoints);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "clustermesh: removing remote cluster {Cluster}")]
    public static partial void Removing(ILogger logger, string cluster);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "clustermesh: ignoring {Path}: {Reason}")]
    public static partial void InvalidFile(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Error, Message = "clustermesh: cannot create a kvstore client for {Cluster}: {Reason}")]
    public static partial void CreateFailed(ILogger logger, string cluster, string reason);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "clustermesh: rescan of {Directory} failed: {Reason}")]
    public static partial void RescanFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Debug, Message = "clustermesh: {Path} has no endpoints; not a cluster configuration")]
    public static partial void NotAConfig(ILogger logger, string path);
}

using Microsoft.Extensions.Logging;

namespace ClusterMesh.Agent.Run;

internal static partial class RunLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "node {Node} of {Cluster}: published {Endpoints} local endpoints (cluster-wide keys: {ClusterState})")]
    public static partial void Published(ILogger logger, string node, string cluster, int endpoints, bool clusterState);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "node {Node}: publishing failed: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "cannot write the status file {Path}: {Reason}")]
    public static partial void StatusWriteFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "manifests in {Path} changed but do not read ({Reason}); keeping the last published state")]
    public static partial void ManifestReloadFailed(ILogger logger, string path, string reason);
}

using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Sync;

/// <summary>Log messages of <see cref="SyncStore"/> (event ids 1100-1199).</summary>
public sealed partial class SyncStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "sync store for {Prefix} of cluster {Cluster} started")]
        public static partial void Started(ILogger logger, string prefix, string cluster);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "sync store for {Prefix} stopped")]
        public static partial void Stopped(ILogger logger, string prefix);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "sync store for {Prefix} holds lease {Lease}")]
        public static partial void LeaseGranted(ILogger logger, string prefix, string lease);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "sync store for {Prefix} lost its lease ({Reason}); writing every key again")]
        public static partial void LeaseLost(ILogger logger, string prefix, string reason);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "sync store for {Prefix} failed to write ({Reason}); retrying in {Delay}")]
        public static partial void WriteFailed(ILogger logger, string prefix, string reason, TimeSpan delay);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "sync store for {Prefix} is in sync: wrote canary {Key}")]
        public static partial void CanaryWritten(ILogger logger, string prefix, string key);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "sync store for {Prefix} could not revoke its lease: {Reason}")]
        public static partial void RevokeFailed(ILogger logger, string prefix, string reason);
    }
}

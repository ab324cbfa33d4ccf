using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Heartbeat;

/// <summary>Log messages of the heartbeat (event ids 1400-1499).</summary>
internal static partial class HeartbeatLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "heartbeat of {Source} missing: last seen {LastSeen}, more than {Timeout} ago")]
    public static partial void Missing(ILogger logger, string source, string lastSeen, TimeSpan timeout);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "heartbeat of {Source} is back")]
    public static partial void Resumed(ILogger logger, string source);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "could not write the heartbeat to {Store}: {Reason}")]
    public static partial void WriteFailed(ILogger logger, string store, string reason);
}

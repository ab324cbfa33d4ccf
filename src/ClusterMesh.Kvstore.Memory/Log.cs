using Microsoft.Extensions.Logging;

namespace ClusterMesh.Kvstore.Memory;

/// <summary>Log messages of the memory store; event ids 1100-1199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Memory kvstore {Store} compacted history below revision {Revision} ({Retained} events retained)")]
    public static partial void Compacted(ILogger logger, string store, long revision, long retained);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Memory kvstore {Store}: lease {Lease} expired, {Keys} keys deleted")]
    public static partial void LeaseExpired(ILogger logger, string store, string lease, int keys);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Memory kvstore {Store} is now offline")]
    public static partial void WentOffline(ILogger logger, string store);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Memory kvstore {Store} is back online")]
    public static partial void WentOnline(ILogger logger, string store);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Memory kvstore {Store} was reset: all keys, leases and history wiped")]
    public static partial void WasReset(ILogger logger, string store);
}

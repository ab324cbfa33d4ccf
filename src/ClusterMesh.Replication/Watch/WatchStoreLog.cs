using ClusterMesh.Abstractions.Replication;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Watch;

/// <summary>Log messages of <see cref="WatchStore{T}"/> (event ids 1200-1299).</summary>
internal static partial class WatchStoreLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "watch store {Prefix}: listing from {Store}")]
    public static partial void Listing(ILogger logger, string prefix, string store);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "watch store {Prefix}: rejected {Key}: {Reason}: {Detail}")]
    public static partial void Rejected(ILogger logger, string prefix, string key, RejectReason reason, string detail);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "watch store {Prefix}: deleting stale key {Key}")]
    public static partial void StaleDeleted(ILogger logger, string prefix, string key);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "watch store {Prefix}: watch failed ({Reason}); retrying in {Delay}")]
    public static partial void WatchFailed(ILogger logger, string prefix, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "watch store {Prefix}: revision {Revision} was compacted (at {CompactRevision}); listing again")]
    public static partial void Compacted(ILogger logger, string prefix, long revision, long compactRevision);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "watch store {Prefix}: store went back from revision {Seen} to {Current} (restarted without data); listing again")]
    public static partial void WentBack(ILogger logger, string prefix, long seen, long current);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "watch store {Prefix}: relist requested")]
    public static partial void RelistRequested(ILogger logger, string prefix);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "watch store {Prefix}: drained {Count} keys")]
    public static partial void Drained(ILogger logger, string prefix, int count);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Information, Message = "watch store {Prefix}: the source restarted during the listing; listing again once it is ready")]
    public static partial void SourceChanged(ILogger logger, string prefix);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Debug, Message = "watch store {Prefix}: resuming from revision {Revision}")]
    public static partial void Resuming(ILogger logger, string prefix, long revision);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Debug, Message = "watch store {Prefix}: in sync at revision {Revision}")]
    public static partial void InSync(ILogger logger, string prefix, long revision);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Error, Message = "watch store {Prefix}: observer failed on {Key}")]
    public static partial void ObserverFailed(ILogger logger, string prefix, string key, Exception exception);
}

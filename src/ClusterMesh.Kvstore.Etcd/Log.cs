using Microsoft.Extensions.Logging;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>Log messages of the etcd backend (event ids 3100-3199). Never logs key material or passwords.</summary>
internal static partial class EtcdLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "etcd kvstore {Store}: tls={Tls}, client certificate={ClientCertificate}, user={User}")]
    public static partial void Created(ILogger logger, string store, bool tls, bool clientCertificate, string user);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "etcd kvstore {Store}: call on {Key} failed: {Reason}")]
    public static partial void CallFailed(ILogger logger, string store, string key, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "etcd kvstore {Store}: watch of {Prefix} ended with {Error}: {Reason}")]
    public static partial void WatchEnded(ILogger logger, string store, string prefix, string error, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "etcd kvstore {Store}: compacted at revision {Revision}")]
    public static partial void Compacted(ILogger logger, string store, long revision);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "etcd kvstore {Store}: compact revision probe failed: {Reason}")]
    public static partial void CompactionProbeFailed(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "etcd kvstore {Store}: TLS files changed, new connections use them: {Files}")]
    public static partial void CertificatesReloaded(ILogger logger, string store, string files);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "etcd kvstore {Store}: changed TLS files not loaded, keeping the current ones: {Reason}")]
    public static partial void CertificateReloadFailed(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "etcd kvstore {Store}: {Failures} calls in a row could not reach etcd, connecting to every endpoint afresh (last: {Reason})")]
    public static partial void Reconnected(ILogger logger, string store, int failures, string reason);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "etcd kvstore {Store}: could not rebuild the connection, keeping the current one: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Information, Message = "etcd kvstore {Store}: a page of {Prefix} was over gRPC's receive limit, reading {Limit} keys per page")]
    public static partial void PageTooLarge(ILogger logger, string store, string prefix, int limit);
}

using ClusterMesh.Abstractions.Kvstore;
using Grpc.Core;
using Polly.Timeout;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>Turns gRPC and timeout failures into the typed kvstore exceptions of the contract.</summary>
internal static class EtcdErrors
{
    /// <summary>Whether the failure is etcd's "required revision has been compacted".</summary>
    public static bool IsCompacted(RpcException ex) =>
        ex.StatusCode == StatusCode.OutOfRange && ex.Status.Detail.Contains("compacted", StringComparison.Ordinal);

    /// <summary>Whether the response was over gRPC's receive limit (a page of large values).</summary>
    public static bool IsTooLarge(RpcException ex) => ex.StatusCode == StatusCode.ResourceExhausted;

    /// <summary>Whether the failure is an expired or unknown auth token (a fresh token fixes it).</summary>
    public static bool IsInvalidToken(RpcException ex) =>
        ex.StatusCode == StatusCode.Unauthenticated || ex.Status.Detail.Contains("invalid auth token", StringComparison.Ordinal);

    /// <summary>Whether a failure means "could not talk to etcd" (worth a retry for idempotent reads).</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        TimeoutRejectedException => true,
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded,
        HttpRequestException or IOException => true,
        ObjectDisposedException => true,
        _ => false,
    };

    /// <summary>
    /// The contract exception for <paramref name="ex"/>, or <c>null</c> when it is not a store failure (caller
    /// cancellation, programming errors). Compaction is handled by the caller, which knows the revision.
    /// </summary>
    public static KvStoreException? Map(Exception ex, string? key, string store)
    {
        switch (ex)
        {
            case KvStoreException typed:
                return typed;
            case TimeoutRejectedException timeout:
                return new KvUnavailableException($"{store}: no answer within {timeout.Timeout}", key, ex);
            case RpcException rpc:
                return rpc.StatusCode switch
                {
                    StatusCode.PermissionDenied => new KvPermissionDeniedException($"{store}: {rpc.Status.Detail}", key, ex),
                    StatusCode.Unauthenticated => new KvPermissionDeniedException($"{store}: {rpc.Status.Detail}", key, ex),
                    StatusCode.NotFound => new KvNotFoundException($"{store}: {rpc.Status.Detail}", key, ex),
                    StatusCode.InvalidArgument when rpc.Status.Detail.Contains("authentication failed", StringComparison.Ordinal)
                        => new KvPermissionDeniedException($"{store}: {rpc.Status.Detail}", key, ex),
                    StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange
                        => new KvUnavailableException($"{store}: rejected: {rpc.Status.Detail}", key, ex),
                    _ => new KvUnavailableException($"{store}: {rpc.StatusCode}: {rpc.Status.Detail}", key, ex),
                };
            case HttpRequestException or IOException:
                return new KvUnavailableException($"{store}: {ex.Message}", key, ex);
            case ObjectDisposedException:
                // The channel was replaced (certificates reloaded) while the call ran; the store itself is open.
                return new KvUnavailableException($"{store}: the connection was replaced during the call", key, ex);
            default:
                return null;
        }
    }
}

using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>The first write of a streaming call (watch, lease keep-alive), with the real reason when it fails.</summary>
internal static class EtcdStreamStart
{
    private static readonly TimeSpan StatusWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Writes <paramref name="request"/>. When the call's HTTP request failed, the write says only "a task was
    /// canceled"; the call's status says why, for example a refused connection because the balancer routed the call
    /// to a member that died. That status is thrown instead, so the store sees the refused connection and rebuilds
    /// its channel (see <see cref="EtcdChannelHealth"/>) rather than retrying on a channel that keeps the dead member.
    /// </summary>
    public static async Task WriteFirstAsync<TRequest>(IClientStreamWriter<TRequest> requests, Task<Metadata> responseHeaders, TRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await requests.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            if (await StatusOfFailedCallAsync(responseHeaders).ConfigureAwait(false) is { } status)
            {
                throw status;
            }

            throw;
        }
    }

    private static async Task<RpcException?> StatusOfFailedCallAsync(Task<Metadata> responseHeaders)
    {
        try
        {
            await responseHeaders.WaitAsync(StatusWait).ConfigureAwait(false);
            return null;
        }
        catch (RpcException status)
        {
            return status;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            return null;
        }
    }
}

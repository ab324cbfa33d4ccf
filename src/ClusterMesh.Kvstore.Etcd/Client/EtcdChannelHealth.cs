using System.Net.Sockets;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// Decides when the gRPC channel must be rebuilt because it no longer finds the members that are up.
/// </summary>
/// <remarks>
/// Why: grpc-dotnet's round-robin balancer keeps a subchannel per endpoint. In a rolling restart (each member
/// killed in turn while the one before comes back) the subchannels of the members that came back could stay out
/// of rotation, and once the last member still in it died every call and watch went to that dead member
/// ("connection refused") for more than 30 s although two members were up: the publisher's flush timed out and
/// the mirror stopped following. A fresh channel connects to every endpoint again. So: after
/// <see cref="FailuresBeforeRebuild"/> unavailable failures in a row (no success between them), rebuild, at most
/// once per <see cref="MinimumInterval"/> so that a whole cluster being down does not churn channels.
/// </remarks>
internal sealed class EtcdChannelHealth(TimeProvider time, TimeSpan minimumInterval)
{
    public const int FailuresBeforeRebuild = 3;

    private int _failures;
    private long _lastRebuildTicks = time.GetTimestamp();

    public TimeSpan MinimumInterval { get; } = minimumInterval;

    /// <summary>Whether <paramref name="failure"/> (or a cause of it) is a refused TCP connection: the channel routed
    /// the call to an endpoint nobody listens on.</summary>
    public static bool IsConnectionRefused(Exception failure)
    {
        for (Exception? cause = failure; cause is not null; cause = cause is RpcException rpc ? rpc.Status.DebugException ?? rpc.InnerException : cause.InnerException)
        {
            if (cause is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A call or stream got an answer from etcd.</summary>
    public void Succeeded() => Volatile.Write(ref _failures, 0);

    /// <summary>A call or stream could not reach etcd; <c>true</c> when the caller should rebuild the channel now.</summary>
    /// <param name="refused">The channel connected to an endpoint that refused: it is routing to a dead member,
    /// which one failure proves (other calls of the store may succeed meanwhile and reset the count).</param>
    public bool Failed(bool refused = false)
    {
        if (Interlocked.Increment(ref _failures) < FailuresBeforeRebuild && !refused)
        {
            return false;
        }

        long last = Interlocked.Read(ref _lastRebuildTicks);
        long now = time.GetTimestamp();
        if (time.GetElapsedTime(last, now) < MinimumInterval || Interlocked.CompareExchange(ref _lastRebuildTicks, now, last) != last)
        {
            return false;
        }

        Volatile.Write(ref _failures, 0);
        return true;
    }
}

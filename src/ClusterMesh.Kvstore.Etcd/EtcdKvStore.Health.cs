using System.Net.Sockets;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using ClusterMesh.Kvstore.Etcd.Config;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>Rebuilds the channel when it keeps failing (see <see cref="EtcdChannelHealth"/>).</summary>
public sealed partial class EtcdKvStore
{
    /// <summary>How many times the channel was rebuilt because calls kept failing.</summary>
    internal int Reconnects => _connection.Reconnects;

    private static bool IsConnectionRefused(Exception failure)
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

    private void NoteSuccess() => _health.Succeeded();

    private void NoteFailure(KvStoreException failure)
    {
        if (failure is not KvUnavailableException || _disposed.IsCancellationRequested || !_health.Failed(IsConnectionRefused(failure)))
        {
            return;
        }

        try
        {
            _connection.Reconnect();
            EtcdLog.Reconnected(_logger, Name, EtcdChannelHealth.FailuresBeforeRebuild, failure.Message);
        }
        catch (EtcdConfigurationException ex)
        {
            // TLS files unreadable right now: keep the current channel, the certificate watcher reports the files.
            EtcdLog.ReconnectFailed(_logger, Name, ex.Message);
        }
    }
}

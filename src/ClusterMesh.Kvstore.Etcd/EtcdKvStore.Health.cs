using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using ClusterMesh.Kvstore.Etcd.Config;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>Rebuilds the channel when it keeps failing (see <see cref="EtcdChannelHealth"/>).</summary>
public sealed partial class EtcdKvStore
{
    /// <summary>How many times the channel was rebuilt because calls kept failing.</summary>
    internal int Reconnects => _connection.Reconnects;

    private void NoteSuccess() => _health.Succeeded();

    private void NoteFailure(KvStoreException failure)
    {
        if (failure is not KvUnavailableException || _disposed.IsCancellationRequested || !_health.Failed(EtcdChannelHealth.IsConnectionRefused(failure)))
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

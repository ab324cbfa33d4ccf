using ClusterMesh.Kvstore.Etcd.Config;
using dotnet_etcd;
using dotnet_etcd.interfaces;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// The store's connection to etcd: the current <see cref="EtcdChannel"/> (replaced when the certificates are
/// reloaded) plus password authentication: the token is fetched on first use, sent as metadata on every call and
/// stream, and fetched again when etcd rejects it.
/// </summary>
internal sealed class EtcdConnection : IDisposable
{
    private readonly EtcdKvStoreOptions _options;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private readonly Lock _swap = new();
    private EtcdChannel _channel;
    private bool _disposed;
    private volatile Metadata? _headers;

    public EtcdConnection(EtcdKvStoreOptions options)
    {
        _options = options;
        _channel = new EtcdChannel(options, EtcdConfigValidator.LoadTls(options));
    }

    /// <summary>The dotnet-etcd client of the current channel.</summary>
    public EtcdClient Client => Volatile.Read(ref _channel).Client;

    /// <summary>The call invoker of the current channel (for <see cref="EtcdRangeMethod"/>).</summary>
    public CallInvoker Invoker => Volatile.Read(ref _channel).Invoker;

    /// <summary>The raw gRPC clients of the current channel (for streams: watch, lease keep-alive).</summary>
    public IConnection Grpc => Volatile.Read(ref _channel).Grpc;

    /// <summary>How many times the TLS material was replaced.</summary>
    public int Reloads { get; private set; }

    /// <summary>How many times the channel was rebuilt because it kept failing.</summary>
    public int Reconnects { get; private set; }

    /// <summary>The metadata every call carries: the auth token when password authentication is configured.</summary>
    public async ValueTask<Metadata?> HeadersAsync(CancellationToken cancellationToken)
    {
        if (_options.Username is null || _headers is { } cached)
        {
            return _headers;
        }

        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_headers is null)
            {
                var reply = await Client.AuthenticateAsync(
                    new AuthenticateRequest { Name = _options.Username, Password = _options.Password ?? string.Empty },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                _headers = new Metadata { { "token", reply.Token } };
            }

            return _headers;
        }
        finally
        {
            _authLock.Release();
        }
    }

    /// <summary>Forgets the token so that the next call authenticates again.</summary>
    public void InvalidateToken() => _headers = null;

    /// <summary>
    /// Switches to a new channel built with <paramref name="tls"/>: new calls use the new certificate at once;
    /// calls and watches still on the old channel end (as unavailable) and are retried or resumed on the new one.
    /// </summary>
    public void Reload(EtcdTlsMaterial tls) => Swap(tls, certificateReload: true);

    /// <summary>
    /// Builds a new channel with the same settings (TLS files read again): every endpoint is connected afresh.
    /// Used when the current channel keeps failing while members may be up (see <see cref="EtcdChannelHealth"/>).
    /// </summary>
    public void Reconnect() => Swap(EtcdConfigValidator.LoadTls(_options), certificateReload: false);

    private void Swap(EtcdTlsMaterial? tls, bool certificateReload)
    {
        var next = new EtcdChannel(_options, tls);
        EtcdChannel old;
        lock (_swap)
        {
            if (_disposed)
            {
                next.Dispose();
                return;
            }

            old = _channel;
            Volatile.Write(ref _channel, next);
            Reloads += certificateReload ? 1 : 0;
            Reconnects += certificateReload ? 0 : 1;
        }

        old.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_swap)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _channel.Dispose();
        _authLock.Dispose();
    }
}

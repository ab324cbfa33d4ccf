using ClusterMesh.Kvstore.Etcd.Config;
using dotnet_etcd;
using dotnet_etcd.interfaces;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// One gRPC connection to etcd: the dotnet-etcd client (plaintext h2c for http://, TLS with the private CA and
/// client certificate for https://) plus password authentication: the token is fetched on first use, sent as
/// metadata on every call and streams, and fetched again when etcd rejects it.
/// </summary>
internal sealed class EtcdConnection : IDisposable
{
    private readonly EtcdKvStoreOptions _options;
    private readonly EtcdTlsMaterial? _tls;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private volatile Metadata? _headers;

    public EtcdConnection(EtcdKvStoreOptions options)
    {
        _options = options;
        _tls = EtcdConfigValidator.LoadTls(options);
        string connection = string.Join(",", options.Endpoints.Select(e => e.TrimEnd('/')));
        Client = _tls is null
            ? new EtcdClient(connection, configureChannelOptions: ConfigureChannel)
            : new EtcdClient(connection, _tls.Configure, configureChannelOptions: ConfigureChannel);
        Grpc = Client.GetConnection();
    }

    /// <summary>The dotnet-etcd client.</summary>
    public EtcdClient Client { get; }

    /// <summary>The raw gRPC clients (for streams: watch, lease keep-alive).</summary>
    public IConnection Grpc { get; }

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

    /// <inheritdoc />
    public void Dispose()
    {
        Client.Dispose();
        _tls?.Dispose();
        _authLock.Dispose();
    }

    private static void ConfigureChannel(Grpc.Net.Client.GrpcChannelOptions channel)
    {
        // Reads are paged (see EtcdKvStore.ListAsync), so the default 4 MiB receive limit holds; keep it.
        channel.MaxRetryAttempts = 0;
    }
}

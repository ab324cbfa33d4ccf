using ClusterMesh.Kvstore.Etcd.Config;
using dotnet_etcd;
using dotnet_etcd.interfaces;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// One gRPC channel to every endpoint of an etcd cluster, built here rather than by dotnet-etcd so that it has
/// what a remote kvstore needs: HTTP/2 keep-alive pings (a stopped or partitioned etcd is noticed within
/// <see cref="EtcdKvStoreOptions.KeepAliveTime"/> + <see cref="EtcdKvStoreOptions.KeepAliveTimeout"/> even on an
/// idle watch), round-robin over all endpoints with failover, no hidden gRPC retries (the store's own Polly
/// pipeline decides), and the TLS material of one moment (a certificate reload builds a new channel).
/// </summary>
internal sealed class EtcdChannel : IDisposable
{
    private const string StaticScheme = "static";
    private readonly GrpcChannel _channel;
    private readonly ServiceProvider? _services;

    public EtcdChannel(EtcdKvStoreOptions options, EtcdTlsMaterial? tls)
    {
        Tls = tls;
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingDelay = options.KeepAliveTime,
            KeepAlivePingTimeout = options.KeepAliveTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectTimeout = options.OperationTimeout,
            EnableMultipleHttp2Connections = true,
            // A listing page is ~350 KB: with HTTP/2's 64 KiB initial window it waits for several window updates,
            // each a round trip to a remote etcd (often in another region).
            InitialHttp2StreamWindowSize = 1024 * 1024,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (tls is not null)
        {
            tls.Configure(handler.SslOptions);
        }

        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = true,
            MaxRetryAttempts = 0,

            // A member that restarts is tried again within this time, not after grpc's default of up to 120 s.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(250),
            MaxReconnectBackoff = options.OperationTimeout,
            Credentials = tls is null ? ChannelCredentials.Insecure : ChannelCredentials.SecureSsl,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
        };

        // Reads are paged (see EtcdKvStore.ListAsync), so the default 4 MiB receive limit holds; keep it.
        var addresses = options.Endpoints.Select(e => new Uri(e)).Select(u => new BalancerAddress(u.Host, u.Port)).ToArray();
        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses));
        _services = services.BuildServiceProvider();
        channelOptions.ServiceProvider = _services;
        _channel = GrpcChannel.ForAddress($"{StaticScheme}:///{options.Name ?? "etcd"}", channelOptions);
        Invoker = _channel.CreateCallInvoker();
        Client = new EtcdClient(Invoker);
        Grpc = Client.GetConnection();
    }

    /// <summary>The channel's call invoker, shared with <see cref="Client"/> (for calls with our own marshallers:
    /// <see cref="EtcdRangeMethod"/>).</summary>
    public CallInvoker Invoker { get; }

    /// <summary>The dotnet-etcd client on this channel.</summary>
    public EtcdClient Client { get; }

    /// <summary>The raw gRPC clients (for streams: watch, lease keep-alive).</summary>
    public IConnection Grpc { get; }

    /// <summary>The TLS material the channel was built with (disposed with it).</summary>
    public EtcdTlsMaterial? Tls { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        // Ends every call and stream on this channel; callers see them as unavailable and retry on the new one.
        Client.Dispose();
        _channel.Dispose();
        _services?.Dispose();
        Tls?.Dispose();
    }
}

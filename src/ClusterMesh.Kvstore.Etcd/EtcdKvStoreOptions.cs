using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Etcd;

/// <summary>
/// How an <see cref="EtcdKvStore"/> reaches etcd and how patient it is. Build it from Cilium's per-cluster etcd
/// configuration with <see cref="FromConnectionConfig"/> or <see cref="Config.EtcdConfigFile.Load"/>.
/// </summary>
public sealed record EtcdKvStoreOptions
{
    /// <summary>A name for logs and status output; the endpoint list when <c>null</c>.</summary>
    public string? Name { get; init; }

    /// <summary>The etcd endpoints, all <c>http://</c> or all <c>https://</c>.</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>The CA bundle (PEM) that signs the servers' certificates; required for <c>https://</c>.</summary>
    public string? TrustedCaFile { get; init; }

    /// <summary>The client certificate (PEM) for mutual TLS; needs <see cref="KeyFile"/>.</summary>
    public string? CertFile { get; init; }

    /// <summary>The client certificate's private key (PEM).</summary>
    public string? KeyFile { get; init; }

    /// <summary>The etcd user for password authentication (with mutual TLS and no user, etcd takes the
    /// certificate's common name as the user).</summary>
    public string? Username { get; init; }

    /// <summary>The password of <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>The file the settings came from, for messages.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Deadline of one call to etcd (one attempt); a call that runs out fails as unavailable.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idempotent read is retried after a connection failure or timeout.</summary>
    public int ReadRetries { get; init; } = 2;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Keys per page when a whole prefix is read (listing before a watch, prefix reads without a limit).</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>How long a connection may be idle before an HTTP/2 keep-alive ping checks that etcd still answers
    /// (also while only a watch is open, which would otherwise wait forever on a stopped or partitioned etcd). At least 1 s.</summary>
    public TimeSpan KeepAliveTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a keep-alive ping may go unanswered before the connection is dropped: its calls and
    /// watches fail as unavailable and are retried or resumed on a new connection. At least 1 s.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the CA, certificate and key files are checked for changes (a change rebuilds the TLS
    /// settings and new calls use the new certificate, without a restart). <see cref="TimeSpan.Zero"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns reloading off; it only applies to https endpoints.</summary>
    public TimeSpan CertificateReloadInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The settings of one remote cluster's connection file.</summary>
    public static EtcdKvStoreOptions FromConnectionConfig(RemoteClusterConnectionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new EtcdKvStoreOptions
        {
            Name = config.ClusterName,
            Endpoints = config.Endpoints,
            TrustedCaFile = config.TrustedCaFile,
            CertFile = config.CertFile,
            KeyFile = config.KeyFile,
            Username = config.Username,
            Password = config.Password,
            SourcePath = config.SourcePath,
        };
    }

    /// <summary>Whether the endpoints use TLS.</summary>
    internal bool UsesTls => Endpoints.Count > 0 && Endpoints[0].StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => $"{Name ?? string.Join(",", Endpoints)} (tls: {UsesTls}, user: {Username ?? "-"})";
}

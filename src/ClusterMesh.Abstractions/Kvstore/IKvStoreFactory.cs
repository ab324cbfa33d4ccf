namespace ClusterMesh.Abstractions.Kvstore;

/// <summary>
/// How to reach one remote cluster's kvstore: one file of the clustermesh configuration directory (Cilium's
/// etcd configuration format), named after the cluster.
/// </summary>
public sealed record RemoteClusterConnectionConfig
{
    /// <summary>The remote cluster's name (the file name).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The kvstore endpoints (<c>https://cluster2.mesh.cilium.io:2379</c>, or <c>memory://cluster2</c>
    /// for an in-process store).</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>The CA bundle that signs the servers' certificates.</summary>
    public string? TrustedCaFile { get; init; }

    /// <summary>The client certificate.</summary>
    public string? CertFile { get; init; }

    /// <summary>The client certificate's key.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The user name for password authentication.</summary>
    public string? Username { get; init; }

    /// <summary>The password for password authentication.</summary>
    public string? Password { get; init; }

    /// <summary>The file this configuration was read from, for messages.</summary>
    public string? SourcePath { get; init; }
}

/// <summary>Creates the kvstore client of a remote cluster (one implementation per backend).</summary>
public interface IKvStoreFactory
{
    /// <summary>Creates a client for <paramref name="config"/>. The caller owns and disposes it. Creating does
    /// not need the store to be reachable: failures to reach it surface from the store's operations.</summary>
    /// <exception cref="ArgumentException">The configuration cannot be used by this backend (for example an
    /// endpoint scheme it does not know).</exception>
    IKvStore Create(RemoteClusterConnectionConfig config);
}

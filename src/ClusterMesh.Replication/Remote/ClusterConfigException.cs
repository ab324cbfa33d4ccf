namespace ClusterMesh.Replication.Remote;

/// <summary>A remote cluster's configuration is missing or not acceptable; the connection waits and retries.</summary>
internal sealed class ClusterConfigException(string message, bool retrieved) : Exception(message)
{
    /// <summary>Whether a configuration was found at all (false: still waiting for it).</summary>
    public bool Retrieved { get; } = retrieved;
}

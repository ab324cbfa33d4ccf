using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Replication.Remote;

/// <summary>The checks a remote cluster's configuration must pass before its state is mirrored.</summary>
internal static class ClusterConfigValidator
{
    /// <summary>Returns why <paramref name="config"/> is not acceptable, or <c>null</c>.</summary>
    public static string? Check(string cluster, ClusterConfig config, RemoteClusterOptions local)
    {
        var max = local.MaxConnectedClusters;
        if (config.Capabilities.MaxConnectedClusters != max)
        {
            return $"max-connected-clusters mismatch: {cluster} runs with {config.Capabilities.MaxConnectedClusters}, the local cluster with {max}";
        }

        var id = new ClusterId(config.Id);
        if (!id.IsValidFor(max))
        {
            return $"cluster ID {config.Id} of {cluster} is out of range 1..{MeshLimits.MaxClusterId(max)}";
        }

        return id == local.LocalClusterId
            ? $"cluster ID {config.Id} of {cluster} is the local cluster's ID ({local.LocalClusterName})"
            : null;
    }
}

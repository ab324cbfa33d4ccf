using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>
/// A cluster's configuration. Its ID must be valid for the mesh and, when the context already knows the source's
/// ID, equal to it; its max-connected-clusters must equal the local mesh's.
/// </summary>
internal sealed class ClusterConfigCodec(WireValidationContext context)
    : JsonKvCodec<ClusterConfig, ClusterConfigKey>(context, WireJsonContext.Default.ClusterConfig)
{
    /// <summary>A configuration carries no cluster name: it is stored under the context's source cluster.</summary>
    public override ClusterConfigKey KeyFor(ClusterConfig value) => new(Context.SourceCluster.Value);

    protected override void CheckKey(string key, ClusterConfigKey parsedKey) =>
        WireChecks.SourceCluster(key, parsedKey.Cluster, Context, "the key");

    protected override ClusterConfig Check(string key, ClusterConfigKey parsedKey, ClusterConfig value)
    {
        if (value.Capabilities is null)
        {
            throw WireChecks.Fail(key, RejectReason.InvalidField, "capabilities is null");
        }

        if (!new ClusterId(value.Id).IsValidFor(Context.MaxConnectedClusters))
        {
            throw WireChecks.Fail(key, RejectReason.InvalidClusterId, $"cluster ID {value.Id} is not between 1 and {Context.MaxConnectedClusters}");
        }

        if (Context.SourceClusterId != ClusterId.None)
        {
            WireChecks.ClusterId(key, value.Id, Context);
        }

        var max = value.Capabilities.MaxConnectedClusters;
        if (max != Context.MaxConnectedClusters)
        {
            throw WireChecks.Fail(key, RejectReason.InvalidField, $"maxConnectedClusters {max} does not match the local mesh's {Context.MaxConnectedClusters}");
        }

        return value;
    }
}

using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Wire;

/// <summary>
/// What a decoder knows about the kvstore it reads: which cluster wrote it (name and ID), the mesh size, and how
/// large a value may be. Every decoded value is checked against it.
/// </summary>
public sealed record WireValidationContext
{
    /// <summary>The default largest accepted value: 64 KiB.</summary>
    public const int DefaultMaxValueBytes = 64 * 1024;

    /// <summary>Creates a context.</summary>
    /// <param name="sourceCluster">The cluster whose kvstore is read.</param>
    /// <param name="sourceClusterId">Its ID (0 only for a cluster outside a mesh).</param>
    /// <param name="maxConnectedClusters">255 or 511.</param>
    /// <param name="maxValueBytes">The largest accepted value in bytes.</param>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public WireValidationContext(
        ClusterName sourceCluster,
        ClusterId sourceClusterId,
        int maxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters,
        int maxValueBytes = DefaultMaxValueBytes)
    {
        if (sourceCluster.Value is null)
        {
            throw new ArgumentException("the source cluster name is required", nameof(sourceCluster));
        }

        MeshLimits.Validate(maxConnectedClusters);
        if (sourceClusterId.Value != 0 && !sourceClusterId.IsValidFor(maxConnectedClusters))
        {
            throw new ArgumentOutOfRangeException(nameof(sourceClusterId), sourceClusterId.Value,
                $"cluster ID must be between 1 and {maxConnectedClusters}");
        }

        if (sourceCluster.Value == ClusterName.DefaultName && sourceClusterId.Value != 0)
        {
            throw new ArgumentException($"cluster name '{ClusterName.DefaultName}' needs cluster ID 0", nameof(sourceCluster));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxValueBytes);
        SourceCluster = sourceCluster;
        SourceClusterId = sourceClusterId;
        MaxConnectedClusters = maxConnectedClusters;
        MaxValueBytes = maxValueBytes;
    }

    /// <summary>The cluster whose kvstore is read.</summary>
    public ClusterName SourceCluster { get; }

    /// <summary>The source cluster's ID.</summary>
    public ClusterId SourceClusterId { get; }

    /// <summary>The mesh size: 255 or 511.</summary>
    public int MaxConnectedClusters { get; }

    /// <summary>The largest accepted value in bytes.</summary>
    public int MaxValueBytes { get; }

    /// <summary>Creates a context from plain values, checking the cluster name.</summary>
    public static WireValidationContext Create(
        string sourceCluster,
        int sourceClusterId,
        int maxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters,
        int maxValueBytes = DefaultMaxValueBytes) =>
        new(ClusterName.Parse(sourceCluster), new ClusterId(sourceClusterId), maxConnectedClusters, maxValueBytes);
}

using System.Globalization;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// A cluster's numeric ID: 1..255, or 1..511 when the mesh runs with max-connected-clusters 511.
/// 0 means "ClusterMesh disabled" and is only valid for a cluster that joins no mesh.
/// </summary>
/// <param name="Value">The numeric ID.</param>
public readonly record struct ClusterId(int Value) : IComparable<ClusterId>
{
    /// <summary>The ID of a cluster that is not part of a mesh.</summary>
    public static ClusterId None => default;

    /// <summary>Whether this ID is valid for a mesh with <paramref name="maxConnectedClusters"/> (255 or 511).</summary>
    public bool IsValidFor(int maxConnectedClusters) => Value >= 1 && Value <= MeshLimits.MaxClusterId(maxConnectedClusters);

    /// <summary>Creates an ID, checking it against the mesh size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ID is out of range.</exception>
    public static ClusterId Create(int value, int maxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters)
    {
        var id = new ClusterId(value);
        if (!id.IsValidFor(maxConnectedClusters))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value,
                $"cluster ID must be between 1 and {MeshLimits.MaxClusterId(maxConnectedClusters)} (max-connected-clusters {maxConnectedClusters})");
        }

        return id;
    }

    /// <inheritdoc />
    public int CompareTo(ClusterId other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The two mesh sizes Cilium supports and what follows from them.</summary>
public static class MeshLimits
{
    /// <summary>The default max-connected-clusters.</summary>
    public const int DefaultMaxConnectedClusters = 255;

    /// <summary>The extended max-connected-clusters.</summary>
    public const int ExtendedMaxConnectedClusters = 511;

    /// <summary>Whether <paramref name="maxConnectedClusters"/> is 255 or 511.</summary>
    public static bool IsValid(int maxConnectedClusters) =>
        maxConnectedClusters is DefaultMaxConnectedClusters or ExtendedMaxConnectedClusters;

    /// <summary>Throws unless <paramref name="maxConnectedClusters"/> is 255 or 511.</summary>
    public static void Validate(int maxConnectedClusters)
    {
        if (!IsValid(maxConnectedClusters))
        {
            throw new ArgumentOutOfRangeException(nameof(maxConnectedClusters), maxConnectedClusters,
                "max-connected-clusters must be 255 or 511");
        }
    }

    /// <summary>The largest valid cluster ID.</summary>
    public static int MaxClusterId(int maxConnectedClusters)
    {
        Validate(maxConnectedClusters);
        return maxConnectedClusters;
    }

    /// <summary>How far the cluster ID is shifted inside a 24-bit identity: 16 for 255 clusters, 15 for 511.</summary>
    public static int IdentityClusterShift(int maxConnectedClusters)
    {
        Validate(maxConnectedClusters);
        return maxConnectedClusters == ExtendedMaxConnectedClusters ? 15 : 16;
    }
}

using System.Globalization;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// A 24-bit security identity. The cluster ID sits in the top bits (shift 16 with 255 clusters, 15 with 511);
/// values below 256 with cluster ID 0 are reserved identities. In JSON it is a plain number.
/// </summary>
/// <param name="Value">The numeric identity.</param>
[JsonConverter(typeof(NumericIdentityConverter))]
public readonly record struct NumericIdentity(uint Value) : IComparable<NumericIdentity>
{
    /// <summary>Largest identity value (24 bits).</summary>
    public const uint MaxValue = 0xFF_FFFF;

    /// <summary>Unknown identity.</summary>
    public static NumericIdentity Unknown => new(0);

    /// <summary>The local host.</summary>
    public static NumericIdentity Host => new(1);

    /// <summary>Anything outside the mesh.</summary>
    public static NumericIdentity World => new(2);

    /// <summary>Endpoints not managed by Cilium.</summary>
    public static NumericIdentity Unmanaged => new(3);

    /// <summary>Health-check endpoints.</summary>
    public static NumericIdentity Health => new(4);

    /// <summary>Endpoints whose identity is not resolved yet.</summary>
    public static NumericIdentity Init => new(5);

    /// <summary>Other nodes of the mesh.</summary>
    public static NumericIdentity RemoteNode => new(6);

    /// <summary>The Kubernetes API server.</summary>
    public static NumericIdentity KubeApiServer => new(7);

    /// <summary>The ingress proxy.</summary>
    public static NumericIdentity Ingress => new(8);

    /// <summary>First identity that can be allocated in a cluster's range (below it: reserved).</summary>
    public const uint MinimalAllocationIdentity = 256;

    /// <summary>Whether this is one of the reserved identities (cluster bits zero, below 256).</summary>
    public bool IsReserved => Value is > 0 and < MinimalAllocationIdentity;

    /// <summary>The cluster ID encoded in this identity.</summary>
    public ClusterId ClusterOf(int maxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters) =>
        new((int)((Value & MaxValue) >> MeshLimits.IdentityClusterShift(maxConnectedClusters)));

    /// <summary>The cluster-local part of this identity.</summary>
    public uint LocalPart(int maxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters) =>
        Value & ((1u << MeshLimits.IdentityClusterShift(maxConnectedClusters)) - 1);

    /// <summary>Composes an identity from a cluster ID and a cluster-local number.</summary>
    public static NumericIdentity Create(ClusterId cluster, uint localId, int maxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters)
    {
        var shift = MeshLimits.IdentityClusterShift(maxConnectedClusters);
        if (localId >= 1u << shift)
        {
            throw new ArgumentOutOfRangeException(nameof(localId), localId, $"local identity must be below {1u << shift}");
        }

        return new NumericIdentity(((uint)cluster.Value << shift) | localId);
    }

    /// <summary>The first and last identity a cluster may allocate.</summary>
    public static (NumericIdentity First, NumericIdentity Last) RangeOf(ClusterId cluster, int maxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters)
    {
        var shift = MeshLimits.IdentityClusterShift(maxConnectedClusters);
        var first = Create(cluster, MinimalAllocationIdentity, maxConnectedClusters);
        var last = new NumericIdentity(((uint)cluster.Value << shift) | ((1u << shift) - 1));
        return (first, last);
    }

    /// <summary>Whether this identity lies in <paramref name="cluster"/>'s allocation range.</summary>
    public bool IsInRangeOf(ClusterId cluster, int maxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters)
    {
        var (first, last) = RangeOf(cluster, maxConnectedClusters);
        return Value >= first.Value && Value <= last.Value;
    }

    /// <summary>Parses the decimal form used in kvstore keys.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NumericIdentity identity)
    {
        var ok = uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value);
        identity = new NumericIdentity(value);
        return ok;
    }

    /// <inheritdoc />
    public int CompareTo(NumericIdentity other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Thrown by the wire converters when a JSON value is well-formed but not acceptable (a bad address, a port
/// out of range). It derives from <see cref="JsonException"/> so the serializer adds the JSON path to it.
/// </summary>
internal sealed class WireJsonException(RejectReason reason, string message) : JsonException(message)
{
    public RejectReason Reason { get; } = reason;
}

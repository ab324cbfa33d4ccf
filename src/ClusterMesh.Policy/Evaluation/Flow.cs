using System.Net;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Evaluation;

/// <summary>One side of a flow: an endpoint of the mesh, or an address (resolved to an endpoint when one has it).</summary>
/// <param name="Endpoint">The endpoint, when known.</param>
/// <param name="Address">The address used; defaults to the endpoint's first address.</param>
public sealed record FlowPeer(PolicyEndpoint? Endpoint, IPAddress? Address)
{
    /// <summary>An endpoint, at its first address.</summary>
    public static FlowPeer Of(PolicyEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new(endpoint, endpoint.Addresses.Count > 0 ? endpoint.Addresses[0] : null);
    }

    /// <summary>An address; the evaluator resolves it to an endpoint that owns it, else to the world.</summary>
    public static FlowPeer Of(IPAddress address) => new(null, address);

    /// <inheritdoc />
    public override string ToString() => Endpoint?.Name ?? Address?.ToString() ?? "?";
}

/// <summary>A connection attempt: source, destination, destination port and protocol.</summary>
/// <param name="Source">Who sends.</param>
/// <param name="Destination">Who receives.</param>
/// <param name="Port">The destination port.</param>
/// <param name="Protocol">The L4 protocol (TCP, UDP or SCTP).</param>
public sealed record Flow(FlowPeer Source, FlowPeer Destination, int Port, L4Protocol Protocol)
{
    /// <summary>A flow between two endpoints.</summary>
    public static Flow Between(PolicyEndpoint source, PolicyEndpoint destination, int port, L4Protocol protocol) =>
        new(FlowPeer.Of(source), FlowPeer.Of(destination), port, protocol);

    /// <inheritdoc />
    public override string ToString() => $"{Source} -> {Destination} {Port}/{Protocol.ToString().ToUpperInvariant()}";
}

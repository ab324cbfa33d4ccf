using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Identities;

/// <summary>A container port with a name, as named ports in policies refer to it.</summary>
/// <param name="Name">The port's name (<c>serve-80-tcp</c>).</param>
/// <param name="Port">The port number.</param>
/// <param name="Protocol">The port's protocol.</param>
public sealed record EndpointPort(string Name, int Port, L4Protocol Protocol);

/// <summary>
/// Something policy applies to or selects: a pod (or a node's host endpoint) of a cluster, with its identity labels,
/// its numeric identity, its addresses and its named ports.
/// </summary>
/// <param name="Name">A display name (<c>cluster/namespace/pod</c>).</param>
/// <param name="Cluster">The cluster the endpoint lives in.</param>
/// <param name="Labels">The identity labels (see <see cref="EndpointLabels"/>).</param>
/// <param name="Identity">The numeric security identity.</param>
public sealed record PolicyEndpoint(string Name, ClusterName Cluster, LabelSet Labels, NumericIdentity Identity)
{
    /// <summary>The endpoint's IP addresses.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    /// <summary>The endpoint's named container ports.</summary>
    public IReadOnlyList<EndpointPort> NamedPorts { get; init; } = [];

    /// <summary>Whether this is a node's host endpoint (selected by nodeSelector, not endpointSelector).</summary>
    public bool IsNode => Identity == NumericIdentity.Host || Identity == NumericIdentity.RemoteNode;

    /// <inheritdoc />
    public override string ToString() => Name;
}

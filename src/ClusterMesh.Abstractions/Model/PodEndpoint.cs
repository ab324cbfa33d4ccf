using System.Net;

namespace ClusterMesh.Abstractions.Model;

/// <summary>A pod that has an address, with what identity allocation and the ipcache need.</summary>
/// <param name="Address">The pod IP.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The pod name.</param>
/// <param name="Uid">The pod UID.</param>
/// <param name="NodeName">The node hosting it.</param>
/// <param name="HostAddress">The node's internal address: the tunnel endpoint for the pod.</param>
/// <param name="ServiceAccount">The pod's service account.</param>
/// <param name="IdentityLabels">The labels its security identity is allocated for.</param>
/// <param name="NamedPorts">Its named container ports.</param>
public sealed record PodEndpoint(
    IPAddress Address,
    string Namespace,
    string Name,
    string Uid,
    string NodeName,
    IPAddress? HostAddress,
    string ServiceAccount,
    LabelSet IdentityLabels,
    IReadOnlyList<NamedPort> NamedPorts);

using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Services.Model;

/// <summary>
/// A local service with the backends of every cluster that shares it, each marked healthy and selected: the
/// merger's output and the load-balancer tables' input.
/// </summary>
public sealed record MergedService
{
    /// <summary>The namespace and name.</summary>
    public required ServiceName Name { get; init; }

    /// <summary>Whether the local service is global.</summary>
    public bool Global { get; init; }

    /// <summary>Whether the local service shares its backends.</summary>
    public bool Shared { get; init; }

    /// <summary>The local service's affinity.</summary>
    public ServiceAffinity Affinity { get; init; }

    /// <summary>The local ClusterIPs and ports; remote clusters keep their own ClusterIPs (see <see cref="ClusterIPs"/>).</summary>
    public required IReadOnlyList<ServiceFrontend> Frontends { get; init; }

    /// <summary>Local backends first, then remote ones by cluster and address.</summary>
    public required IReadOnlyList<MergedBackend> Backends { get; init; }

    /// <summary>Every contributing cluster's own ClusterIPs, the local cluster's included.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> ClusterIPs { get; init; }

    /// <summary>Port definitions of remote clusters that disagree with the local service.</summary>
    public required IReadOnlyList<PortConflict> Conflicts { get; init; }
}

/// <summary>A frontend of a service: one ClusterIP and one named port.</summary>
/// <param name="Address">The ClusterIP.</param>
/// <param name="PortName">The port's name (empty for an unnamed port).</param>
/// <param name="Port">The service port.</param>
/// <param name="Protocol">TCP, UDP or SCTP.</param>
public sealed record ServiceFrontend(string Address, string PortName, ushort Port, string Protocol);

/// <summary>One backend of a merged service.</summary>
/// <param name="Cluster">The cluster the backend lives in.</param>
/// <param name="Address">Its IP address.</param>
/// <param name="Ports">Port name → port.</param>
/// <param name="State">Its state (remote backends are active: the wire carries only usable ones).</param>
/// <param name="IsLocal">Whether it is a backend of the local cluster.</param>
/// <param name="Selected">Whether the affinity rules put it into the load-balancer tables.</param>
public sealed record MergedBackend(
    string Cluster,
    string Address,
    IReadOnlyDictionary<string, PortConfiguration> Ports,
    BackendState State,
    bool IsLocal,
    bool Selected)
{
    /// <summary>Active or terminating.</summary>
    public bool Healthy => State.IsHealthy();
}

/// <summary>A remote cluster defines a port differently from the local service; reported, never fatal.</summary>
/// <param name="Service">The service.</param>
/// <param name="Cluster">The remote cluster.</param>
/// <param name="PortName">The port name both use.</param>
/// <param name="Detail">What differs.</param>
public sealed record PortConflict(ServiceName Service, string Cluster, string PortName, string Detail);

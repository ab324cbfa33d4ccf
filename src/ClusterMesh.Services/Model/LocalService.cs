using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Services.Model;

/// <summary>
/// A Service of the local cluster with its backends and its mesh settings: what the exporter reads from a
/// Kubernetes Service and its EndpointSlices, and what the merger attaches remote backends to.
/// </summary>
public sealed record LocalService
{
    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The service name.</summary>
    public required string Name { get; init; }

    /// <summary>Global: the service uses backends of other clusters (and its namespace is global).</summary>
    public bool Global { get; init; }

    /// <summary>Shared: the service exports its backends to other clusters (only ever true when global).</summary>
    public bool Shared { get; init; }

    /// <summary>Which cluster's backends are preferred.</summary>
    public ServiceAffinity Affinity { get; init; }

    /// <summary>ClusterIP → port name → port; empty for a headless service.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, PortConfiguration>> Frontends { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>();

    /// <summary>The local backends, unhealthy ones included.</summary>
    public IReadOnlyList<LocalBackend> Backends { get; init; } = [];

    /// <summary>The service's labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The service's pod selector.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; init; } = new Dictionary<string, string>();

    /// <summary>The namespace and name.</summary>
    public ServiceName ServiceName => new(Namespace, Name);
}

/// <summary>One local backend address with its ports by name.</summary>
public sealed record LocalBackend
{
    /// <summary>The backend's IP address.</summary>
    public required string Address { get; init; }

    /// <summary>Port name → port.</summary>
    public required IReadOnlyDictionary<string, PortConfiguration> Ports { get; init; }

    /// <summary>Its state; only healthy backends are exported and balanced to.</summary>
    public BackendState State { get; init; } = BackendState.Active;

    /// <summary>The pod's hostname, when the EndpointSlice has one.</summary>
    public string? Hostname { get; init; }

    /// <summary>The zone and topology hints, when the EndpointSlice has them.</summary>
    public BackendZone? Zone { get; init; }
}

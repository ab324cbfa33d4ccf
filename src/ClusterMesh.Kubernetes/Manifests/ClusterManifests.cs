using k8s.Models;

namespace ClusterMesh.Kubernetes.Manifests;

/// <summary>
/// Everything one cluster's manifests folder declares: the cluster settings (from the <c>cilium-config</c>
/// ConfigMap) and the Kubernetes objects the agent reads.
/// </summary>
public sealed record ClusterManifests
{
    /// <summary>The folder the manifests were read from.</summary>
    public required string Directory { get; init; }

    /// <summary>The cluster's name, ID and datapath settings.</summary>
    public required ClusterSettings Settings { get; init; }

    /// <summary>Nodes.</summary>
    public IReadOnlyList<V1Node> Nodes { get; init; } = [];

    /// <summary>Namespaces.</summary>
    public IReadOnlyList<V1Namespace> Namespaces { get; init; } = [];

    /// <summary>Pods.</summary>
    public IReadOnlyList<V1Pod> Pods { get; init; } = [];

    /// <summary>Services.</summary>
    public IReadOnlyList<V1Service> Services { get; init; } = [];

    /// <summary>EndpointSlices (discovery.k8s.io/v1).</summary>
    public IReadOnlyList<V1EndpointSlice> EndpointSlices { get; init; } = [];

    /// <summary>NetworkPolicies.</summary>
    public IReadOnlyList<V1NetworkPolicy> NetworkPolicies { get; init; } = [];

    /// <summary>Documents of other kinds (custom resources), kept for the features that read them.</summary>
    public IReadOnlyList<ManifestDocument> Other { get; init; } = [];

    /// <summary>The namespace object named <paramref name="name"/>, or <c>null</c>.</summary>
    public V1Namespace? NamespaceNamed(string name) => Namespaces.FirstOrDefault(n => n.Metadata?.Name == name);
}

/// <summary>A document of a kind this package does not model, with where it came from.</summary>
/// <param name="File">The file it was read from.</param>
/// <param name="ApiVersion">Its apiVersion.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Yaml">The document's YAML text.</param>
public sealed record ManifestDocument(string File, string ApiVersion, string Kind, string Yaml);

namespace ClusterMesh.Services.Export;

/// <summary>Settings of <see cref="ServiceExporter"/>.</summary>
public sealed record ServiceExportOptions
{
    /// <summary>The local cluster's name, written into every exported service.</summary>
    public required string ClusterName { get; init; }

    /// <summary>The local cluster's ID.</summary>
    public required int ClusterId { get; init; }

    /// <summary>
    /// Whether a namespace without the <c>clustermesh.cilium.io/global</c> annotation is global (Cilium's
    /// <c>clustermesh-default-global-namespace</c>; default true).
    /// </summary>
    public bool NamespacesGlobalByDefault { get; init; } = true;
}

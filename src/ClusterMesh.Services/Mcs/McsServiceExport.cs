namespace ClusterMesh.Services.Mcs;

/// <summary>
/// The parts of a local MCS-API <c>ServiceExport</c> (<c>multicluster.x-k8s.io/v1alpha1</c>) that the wire export
/// needs: the object's identity, its creation time (the oldest export wins a conflict) and the labels and
/// annotations it asks to carry to the derived ServiceImport (<c>spec.exportedLabels</c>/<c>exportedAnnotations</c>).
/// </summary>
public sealed record McsServiceExport
{
    /// <summary>The namespace of the ServiceExport and of the Service it exports.</summary>
    public required string Namespace { get; init; }

    /// <summary>The name of the ServiceExport and of the Service it exports.</summary>
    public required string Name { get; init; }

    /// <summary><c>metadata.creationTimestamp</c>.</summary>
    public required DateTimeOffset CreationTimestamp { get; init; }

    /// <summary>Annotations to carry to the ServiceImport, if any.</summary>
    public IReadOnlyDictionary<string, string>? ExportedAnnotations { get; init; }

    /// <summary>Labels to carry to the ServiceImport, if any.</summary>
    public IReadOnlyDictionary<string, string>? ExportedLabels { get; init; }
}

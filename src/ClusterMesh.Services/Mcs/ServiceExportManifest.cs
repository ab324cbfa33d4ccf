using k8s;
using k8s.Models;

namespace ClusterMesh.Services.Mcs;

/// <summary>
/// Reads MCS-API <c>ServiceExport</c> manifests (<c>multicluster.x-k8s.io/v1alpha1</c>) and turns a cluster's
/// exports into the wire exports it publishes.
/// </summary>
public static class ServiceExportManifest
{
    /// <summary>The MCS-API group version.</summary>
    public const string ApiVersion = "multicluster.x-k8s.io/v1alpha1";

    /// <summary>The kind.</summary>
    public const string Kind = "ServiceExport";

    /// <summary>Whether a document of <paramref name="apiVersion"/> and <paramref name="kind"/> is a ServiceExport.</summary>
    public static bool Is(string apiVersion, string kind) =>
        string.Equals(apiVersion, ApiVersion, StringComparison.Ordinal) && string.Equals(kind, Kind, StringComparison.Ordinal);

    /// <summary>
    /// Parses one ServiceExport document; the namespace defaults to <c>default</c>, the creation time to
    /// <paramref name="defaultCreation"/> when the manifest has none (a manifest is not a stored object).
    /// </summary>
    /// <exception cref="FormatException">The document is not a ServiceExport or has no name.</exception>
    public static McsServiceExport Parse(string yaml, DateTimeOffset defaultCreation)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        Document document;
        try
        {
            document = KubernetesYaml.Deserialize<Document>(yaml);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            throw new FormatException($"not a valid ServiceExport: {e.Message}", e);
        }

        if (document is null || !Is(document.ApiVersion, document.Kind) || string.IsNullOrEmpty(document.Metadata?.Name))
        {
            throw new FormatException($"not a named {ApiVersion} {Kind}");
        }

        return new McsServiceExport
        {
            Namespace = document.Metadata.NamespaceProperty ?? "default",
            Name = document.Metadata.Name,
            CreationTimestamp = document.Metadata.CreationTimestamp is { } created
                ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))
                : defaultCreation,
            ExportedLabels = document.Spec?.ExportedLabels,
            ExportedAnnotations = document.Spec?.ExportedAnnotations,
        };
    }

    /// <summary>
    /// The wire exports of <paramref name="cluster"/>: one per ServiceExport whose Service exists (an export
    /// without its Service is not published, as Cilium marks it invalid), ordered by namespace and name.
    /// </summary>
    public static IReadOnlyList<Abstractions.Model.ServiceExport> Build(string cluster, IEnumerable<McsServiceExport> exports, IEnumerable<V1Service> services)
    {
        ArgumentNullException.ThrowIfNull(exports);
        ArgumentNullException.ThrowIfNull(services);
        var builder = new ServiceExportBuilder(cluster);
        var byName = services.ToDictionary(s => (s.Metadata?.NamespaceProperty ?? "default", s.Metadata?.Name ?? string.Empty));
        return [.. exports
            .Where(e => byName.ContainsKey((e.Namespace, e.Name)))
            .OrderBy(e => e.Namespace, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => builder.Build(e, byName[(e.Namespace, e.Name)]))];
    }

    private sealed class Document : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public V1ObjectMeta Metadata { get; set; } = new();

        public DocumentSpec? Spec { get; set; }
    }

    private sealed class DocumentSpec
    {
        public Dictionary<string, string>? ExportedLabels { get; set; }

        public Dictionary<string, string>? ExportedAnnotations { get; set; }
    }
}

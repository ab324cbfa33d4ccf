using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Services.Mcs;

namespace ClusterMesh.Agent.GlobalServices;

/// <summary>The MCS-API ServiceExports (<c>multicluster.x-k8s.io/v1alpha1</c>) of a manifests folder.</summary>
internal static class ManifestServiceExports
{
    /// <summary>
    /// The creation time of a ServiceExport manifest that has none: a manifest is not a stored object, and a fixed
    /// time keeps the outcome reproducible (equal times leave the conflict to the ordinal cluster name).
    /// </summary>
    public static readonly DateTimeOffset DefaultCreation = DateTimeOffset.UnixEpoch;

    /// <summary>
    /// What <paramref name="cluster"/> publishes under <c>cilium/state/serviceexports/v1/&lt;cluster&gt;/</c>: one wire
    /// export per ServiceExport whose Service exists in the folder.
    /// </summary>
    /// <exception cref="ManifestException">A ServiceExport document is malformed (names its file).</exception>
    public static IReadOnlyList<ServiceExport> Read(ClusterManifests cluster)
    {
        var exports = new List<McsServiceExport>();
        foreach (var document in cluster.Other.Where(d => ServiceExportManifest.Is(d.ApiVersion, d.Kind)))
        {
            try
            {
                exports.Add(ServiceExportManifest.Parse(document.Yaml, DefaultCreation));
            }
            catch (FormatException e)
            {
                throw new ManifestException(document.File, e.Message, e);
            }
        }

        return ServiceExportManifest.Build(cluster.Settings.Name.Value, exports, cluster.Services);
    }

    /// <summary>The ServiceImports every cluster of <paramref name="mesh"/> derives from all the clusters' exports.</summary>
    public static ServiceImportResolver Resolve(IEnumerable<ClusterManifests> mesh)
    {
        var resolver = new ServiceImportResolver();
        foreach (var export in mesh.SelectMany(Read))
        {
            resolver.OnUpsert(Abstractions.Keys.KvKeys.ServiceExport(export.Cluster, export.Namespace, export.Name), export);
        }

        return resolver;
    }
}

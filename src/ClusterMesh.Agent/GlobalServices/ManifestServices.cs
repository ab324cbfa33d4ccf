using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Services.Export;
using ClusterMesh.Services.Merge;
using ClusterMesh.Services.Model;

namespace ClusterMesh.Agent.GlobalServices;

/// <summary>The services of a manifests folder as the Services package sees them, and their merge across a mesh.</summary>
internal static class ManifestServices
{
    /// <summary>Every Service of <paramref name="cluster"/> with its backends from the EndpointSlices.</summary>
    public static IReadOnlyList<LocalService> Read(ClusterManifests cluster)
    {
        var exporter = ExporterFor(cluster);
        return cluster.Services
            .Select(s => exporter.Read(s, cluster.EndpointSlices, cluster.NamespaceNamed(s.Metadata.NamespaceProperty ?? "default")))
            .ToList();
    }

    /// <summary>What <paramref name="cluster"/> publishes to the mesh: its global, shared services.</summary>
    public static IReadOnlyList<ClusterService> Export(ClusterManifests cluster, IEnumerable<LocalService> services)
    {
        var exporter = ExporterFor(cluster);
        return services.Select(exporter.Export).OfType<ClusterService>().ToList();
    }

    /// <summary>
    /// The merged services of <paramref name="clusterName"/>: its own services plus what every other cluster of
    /// <paramref name="mesh"/> exports, merged as the agent merges what it mirrors.
    /// </summary>
    public static IReadOnlyList<MergedService> Merge(IReadOnlyList<ClusterManifests> mesh, string clusterName)
    {
        var local = mesh.FirstOrDefault(c => c.Settings.Name.Value == clusterName)
            ?? throw new ManifestException(clusterName, $"no cluster named '{clusterName}' (clusters: {string.Join(", ", mesh.Select(c => c.Settings.Name))})");
        var merger = new GlobalServiceMerger(clusterName);
        foreach (var service in Read(local))
        {
            merger.UpsertLocal(service);
        }

        foreach (var remote in mesh.Where(c => c != local))
        {
            foreach (var exported in Export(remote, Read(remote)))
            {
                merger.OnUpsert(KvKeys.Service(exported.Cluster, exported.Namespace, exported.Name), exported);
            }
        }

        return merger.Snapshot();
    }

    private static ServiceExporter ExporterFor(ClusterManifests cluster) =>
        new(new ServiceExportOptions { ClusterName = cluster.Settings.Name.Value, ClusterId = cluster.Settings.Id.Value });
}

using ClusterMesh.Services.Mcs;
using ClusterMesh.Services.Tests.Support;

namespace ClusterMesh.Services.Tests.Mcs;

public sealed class ServiceExportManifestTests
{
    private static readonly DateTimeOffset Fallback = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_manifest_gives_name_namespace_creation_time_and_exported_labels_and_annotations()
    {
        var export = ServiceExportManifest.Parse("""
            apiVersion: multicluster.x-k8s.io/v1alpha1
            kind: ServiceExport
            metadata:
              name: rebel-base
              namespace: starwars
              creationTimestamp: "2025-01-02T03:04:05Z"
            spec:
              exportedLabels:
                tier: backend
              exportedAnnotations:
                note: oldest
            """, Fallback);

        Assert.Equal(("starwars", "rebel-base"), (export.Namespace, export.Name));
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), export.CreationTimestamp);
        Assert.Equal("backend", export.ExportedLabels!["tier"]);
        Assert.Equal("oldest", export.ExportedAnnotations!["note"]);
    }

    [Fact]
    public void Namespace_and_creation_time_default_when_the_manifest_has_none()
    {
        var export = ServiceExportManifest.Parse("apiVersion: multicluster.x-k8s.io/v1alpha1\nkind: ServiceExport\nmetadata:\n  name: web\n", Fallback);

        Assert.Equal("default", export.Namespace);
        Assert.Equal(Fallback, export.CreationTimestamp);
        Assert.Null(export.ExportedLabels);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")]
    [InlineData("apiVersion: multicluster.x-k8s.io/v1alpha1\nkind: ServiceExport\nmetadata: {}\n")]
    [InlineData("apiVersion: [unclosed")]
    public void Anything_else_is_refused(string yaml)
    {
        Assert.Throws<FormatException>(() => ServiceExportManifest.Parse(yaml, Fallback));
    }

    [Fact]
    public void Only_exports_whose_service_exists_are_built_in_name_order()
    {
        McsServiceExport Export(string name) => new() { Namespace = "default", Name = name, CreationTimestamp = Fallback };

        var built = ServiceExportManifest.Build("cluster1", [Export("web"), Export("missing"), Export("api")], [Build.Service("web"), Build.Service("api")]);

        Assert.Equal(["api", "web"], built.Select(e => e.Name));
        Assert.All(built, e => Assert.Equal("cluster1", e.Cluster));
        Assert.True(ServiceExportManifest.Is("multicluster.x-k8s.io/v1alpha1", "ServiceExport"));
        Assert.False(ServiceExportManifest.Is("v1", "ServiceExport"));
    }
}

using ClusterMesh.Services.Model;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests.Run;

/// <summary>
/// Manifests edited under running agents: the nodes' own global-service pipelines follow them, as the kvstore does.
/// </summary>
public sealed class RunManifestReloadTests : IAsyncLifetime
{
    private static readonly ServiceName RebelBase = new("default", "rebel-base");
    private readonly TempDirectory _manifests = new();
    private readonly RunMesh _mesh;

    public RunManifestReloadTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Samples, "starwars"), "*.yaml", SearchOption.AllDirectories))
        {
            _manifests.Write(Path.GetRelativePath(Path.Combine(RepoPaths.Samples, "starwars"), file), File.ReadAllText(file));
        }

        _mesh = new RunMesh(_manifests.Path);
    }

    private string RebelBaseFile => Path.Combine(_manifests.Path, "cluster1", "rebel-base.yaml");

    public Task InitializeAsync() => _mesh.StartAllAsync();

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _manifests.Dispose();
    }

    [Fact]
    public async Task A_changed_service_and_a_removed_export_reach_the_local_merger_and_every_nodes_imports()
    {
        await _mesh.WaitAllReadyAsync();
        Assert.Equal(ServiceAffinity.None, LocalRebelBase("cluster1-node2")?.Affinity);

        string text = await File.ReadAllTextAsync(RebelBaseFile);
        text = text.Replace("    service.cilium.io/global: \"true\"\n", "    service.cilium.io/global: \"true\"\n    service.cilium.io/affinity: \"remote\"\n", StringComparison.Ordinal);
        text = text[..text.LastIndexOf("---\n# MCS-API", StringComparison.Ordinal)];
        await File.WriteAllTextAsync(RebelBaseFile, text);

        await Poll.UntilAsync(() => _mesh.Nodes.Where(n => n.StartsWith("cluster1", StringComparison.Ordinal))
            .All(n => LocalRebelBase(n)?.Affinity == ServiceAffinity.Remote), "cluster1's mergers take the new affinity", seconds: 15);
        await Poll.UntilAsync(() => _mesh.Nodes.All(n => ImportClusters(n) == "cluster2"), "every node's import names cluster2 only", seconds: 15);
        Assert.Equal(ServiceAffinity.None, LocalRebelBase("cluster2-node1")?.Affinity);
    }

    [Fact]
    public async Task A_deleted_service_leaves_the_local_merger()
    {
        await _mesh.WaitAllReadyAsync();
        Assert.NotNull(LocalRebelBase("cluster1-node1"));

        File.Delete(RebelBaseFile);

        await Poll.UntilAsync(() => _mesh.Nodes.Where(n => n.StartsWith("cluster1", StringComparison.Ordinal))
            .All(n => LocalRebelBase(n) is null), "cluster1's mergers drop rebel-base", seconds: 15);
        Assert.NotNull(LocalRebelBase("cluster2-node1"));
    }

    /// <summary>rebel-base as the node merges it, or null when its own cluster has no such service.</summary>
    private MergedService? LocalRebelBase(string node) =>
        _mesh.GlobalServices(node).Merger.TryGet(RebelBase, out var merged) ? merged : null;

    private string ImportClusters(string node) =>
        string.Join(",", (_mesh.GlobalServices(node).Imports.Get("default", "rebel-base")?.Clusters ?? []).Order(StringComparer.Ordinal));
}

using System.Text.Json.Nodes;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests;

public sealed class ServiceListTests
{
    private static readonly string StarWars = Path.Combine(RepoPaths.Samples, "starwars");

    [Fact]
    public async Task Lists_cross_cluster_backends_of_the_global_service()
    {
        var (code, output, error) = await CliRunner.RunAsync(null, "service", "list", "--manifests", StarWars, "--cluster", "cluster2", "-o", "json");

        Assert.True(code == 0, error);
        var service = Assert.Single(JsonNode.Parse(output)!["services"]!.AsArray())!;
        Assert.Equal("default", service["namespace"]!.GetValue<string>());
        Assert.Equal("rebel-base", service["name"]!.GetValue<string>());
        Assert.Equal("10.96.2.80", Assert.Single(service["frontends"]!.AsArray())!["ip"]!.GetValue<string>());
        var backends = service["backends"]!.AsArray();
        Assert.Equal(["cluster1", "cluster1", "cluster2", "cluster2"], backends.Select(b => b!["cluster"]!.GetValue<string>()).Order());
        Assert.All(backends, b =>
        {
            Assert.Equal(80, b!["port"]!.GetValue<int>());
            Assert.True(b["healthy"]!.GetValue<bool>());
            Assert.True(b["selected"]!.GetValue<bool>());
        });
    }

    [Fact]
    public async Task A_non_global_service_gets_no_remote_backends()
    {
        using var dir = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(StarWars, "*.yaml", SearchOption.AllDirectories))
        {
            dir.Write(Path.GetRelativePath(StarWars, file), File.ReadAllText(file).Replace("service.cilium.io/global: \"true\"", "service.cilium.io/global: \"false\"", StringComparison.Ordinal));
        }

        var (code, output, _) = await CliRunner.RunAsync(null, "service", "list", "--manifests", dir.Path, "--cluster", "cluster1", "-o", "json");

        Assert.Equal(0, code);
        var backends = Assert.Single(JsonNode.Parse(output)!["services"]!.AsArray())!["backends"]!.AsArray();
        Assert.All(backends, b => Assert.Equal("cluster1", b!["cluster"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Unknown_cluster_is_bad_input()
    {
        var (code, _, error) = await CliRunner.RunAsync(null, "service", "list", "--cluster", "cluster9");
        Assert.Equal(2, code);
        Assert.Contains("no cluster named 'cluster9'", error, StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests;

/// <summary><c>service list</c> and the MCS-API ServiceImport derived from the clusters' ServiceExports.</summary>
public sealed class ServiceImportListTests
{
    private static readonly string StarWars = Path.Combine(RepoPaths.Samples, "starwars");

    [Fact]
    public async Task The_starwars_sample_shows_the_service_import_of_both_clusters()
    {
        var (code, output, error) = await CliRunner.RunAsync(null, "service", "list", "--manifests", StarWars, "--cluster", "cluster1", "-o", "json");

        Assert.True(code == 0, error);
        var import = Assert.Single(JsonNode.Parse(output)!["services"]!.AsArray())!["serviceImport"]!;
        Assert.Equal("rebel-base.default.svc.clusterset.local", import["name"]!.GetValue<string>());
        Assert.Equal(["cluster1", "cluster2"], import["clusters"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("cluster1", import["winningCluster"]!.GetValue<string>());
        Assert.Equal("ClusterSetIP", import["type"]!.GetValue<string>());
        Assert.Equal(80, Assert.Single(import["ports"]!.AsArray())!["port"]!.GetValue<int>());
        Assert.Empty(import["conditions"]!.AsArray());
    }

    [Fact]
    public async Task The_table_names_the_clusterset_service()
    {
        var (code, output, error) = await CliRunner.RunAsync(null, "service", "list", "--manifests", StarWars, "--cluster", "cluster2");

        Assert.True(code == 0, error);
        Assert.Contains("import   rebel-base.default.svc.clusterset.local (ClusterSetIP, ports 80/TCP)  clusters=cluster1,cluster2  oldest=cluster1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_whose_ports_differ_show_the_conflict_condition()
    {
        using var dir = Copy(StarWars, (file, text) => file.StartsWith("cluster2", StringComparison.Ordinal)
            ? text.Replace("      port: 80\n      targetPort: 80", "      port: 8080\n      targetPort: 80", StringComparison.Ordinal)
            : text);

        var (code, output, error) = await CliRunner.RunAsync(null, "service", "list", "--manifests", dir.Path, "--cluster", "cluster1", "-o", "json");

        Assert.True(code == 0, error);
        var import = Assert.Single(JsonNode.Parse(output)!["services"]!.AsArray())!["serviceImport"]!;
        Assert.Equal(80, Assert.Single(import["ports"]!.AsArray())!["port"]!.GetValue<int>());
        var condition = Assert.Single(import["conditions"]!.AsArray())!;
        Assert.Equal("ConflictingPorts", condition["type"]!.GetValue<string>());
        Assert.Equal(["cluster2"], condition["clusters"]!.AsArray().Select(c => c!.GetValue<string>()));

        var (_, table, _) = await CliRunner.RunAsync(null, "service", "list", "--manifests", dir.Path, "--cluster", "cluster1");
        Assert.Contains("import   condition ConflictingPorts:", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_nobody_exports_has_no_service_import()
    {
        using var dir = Copy(StarWars, (_, text) => text.Replace("kind: ServiceExport", "kind: NotAServiceExport", StringComparison.Ordinal));

        var (code, output, error) = await CliRunner.RunAsync(null, "service", "list", "--manifests", dir.Path, "--cluster", "cluster1", "-o", "json");

        Assert.True(code == 0, error);
        var service = Assert.Single(JsonNode.Parse(output)!["services"]!.AsArray())!.AsObject();
        Assert.False(service.ContainsKey("serviceImport"));
        Assert.True(service.ContainsKey("backends"));
    }

    [Fact]
    public async Task A_malformed_service_export_is_bad_input_naming_its_file()
    {
        using var dir = Copy(StarWars, (_, text) => text);
        dir.Write("cluster1/broken-export.yaml",
            "apiVersion: multicluster.x-k8s.io/v1alpha1\nkind: ServiceExport\nmetadata:\n  name: rebel-base\nspec:\n  exportedLabels: [a, b]\n");

        var (code, _, error) = await CliRunner.RunAsync(null, "service", "list", "--manifests", dir.Path, "--cluster", "cluster1");

        Assert.Equal(2, code);
        Assert.Contains("broken-export.yaml", error, StringComparison.Ordinal);
    }

    private static TempDirectory Copy(string from, Func<string, string, string> edit)
    {
        var dir = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(from, "*.yaml", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            dir.Write(relative, edit(relative, File.ReadAllText(file)));
        }

        return dir;
    }
}

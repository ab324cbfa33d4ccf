using System.Text.Json.Nodes;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_passes_every_step_on_the_embedded_sample()
    {
        var (code, output, error) = await CliRunner.RunAsync(null, "demo");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        foreach (var step in new[] { "load-manifests", "mesh-ready", "cross-cluster-path", "remote-outage", "remote-recovery-resync",
            "global-service-spread", "global-service-failover", "global-service-recovery", "policy-cross-cluster-allowed", "policy-local-denied" })
        {
            Assert.Contains($"PASS  {step}", output, StringComparison.Ordinal);
        }

        Assert.Contains("tunnel to 192.168.2.11", output, StringComparison.Ordinal);
        Assert.Contains("delivered to pod default/rebel-base-1", output, StringComparison.Ordinal);
        Assert.Contains("cluster1/default/x-wing -> cluster2/default/rebel-base-1 80/TCP ALLOWED", output, StringComparison.Ordinal);
        Assert.Contains("cluster1/default/x-wing -> cluster1/default/rebel-base-1 80/TCP DENIED", output, StringComparison.Ordinal);
        Assert.Contains("global-service-failover: cluster1's rebel-base unready, affinity local: 1000 to cluster2", output, StringComparison.Ordinal);
        Assert.Contains("global-service-recovery: cluster1's rebel-base ready again, affinity local: 1000 to cluster1", output, StringComparison.Ordinal);
        Assert.Contains("demo passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_json_lists_steps_and_what_each_cluster_sees()
    {
        var samples = Path.Combine(RepoPaths.Samples, "starwars");
        var (code, output, error) = await CliRunner.RunAsync(null, "demo", "--manifests", samples, "-o", "json");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var document = JsonNode.Parse(output)!;
        var steps = document["steps"]!.AsArray();
        Assert.Equal(10, steps.Count);
        Assert.All(steps, s => Assert.True(s!["passed"]!.GetValue<bool>(), s!["name"]!.GetValue<string>()));
        var spread = steps.Single(s => s!["name"]!.GetValue<string>() == "global-service-spread")!["output"]!.GetValue<string>();
        Assert.Contains("cluster1-node1 load-balancer map: 10.96.1.80:80/TCP -> ", spread, StringComparison.Ordinal);
        Assert.Contains("1000 connections tracked", spread, StringComparison.Ordinal);
        Assert.Contains(": dnat 10.96.1.80:80/TCP → ", spread, StringComparison.Ordinal);
        Assert.Contains("MCS ServiceImport on cluster1-node1: rebel-base.default.svc.clusterset.local exported by cluster1, cluster2", spread, StringComparison.Ordinal);

        var clusters = document["clusters"]!.AsArray();
        Assert.Equal(["cluster1", "cluster2"], clusters.Select(c => c!["name"]!.GetValue<string>()));
        foreach (var cluster in clusters)
        {
            var remote = Assert.Single(cluster!["remoteClusters"]!.AsArray())!;
            Assert.True(remote["ready"]!.GetValue<bool>());
            Assert.Equal(2, remote["nodes"]!.GetValue<int>());
            Assert.Equal(3, remote["endpoints"]!.GetValue<int>());
            Assert.Equal(2, remote["identities"]!.GetValue<int>());
            Assert.Equal(1, remote["services"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Demo_with_broken_manifests_fails_naming_the_step_and_file()
    {
        using var dir = new TempDirectory();
        dir.Write("c1/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  cluster-name: c1\n  cluster-id: \"999\"\n");

        var (code, output, error) = await CliRunner.RunAsync(null, "demo", "--manifests", dir.Path);

        Assert.NotEqual(0, code);
        Assert.Contains("FAIL  load-manifests", output, StringComparison.Ordinal);
        Assert.Contains("config.yaml", output, StringComparison.Ordinal);
        Assert.Contains("demo failed at step 'load-manifests'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_is_bad_input()
    {
        var (code, _, error) = await CliRunner.RunAsync(null, "demo", "--no-such-option");
        Assert.Equal(2, code);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
    }
}

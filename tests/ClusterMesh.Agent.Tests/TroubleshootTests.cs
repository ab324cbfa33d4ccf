using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Agent.Cli;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Publishing;
using ClusterMesh.Testing.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Agent.Tests;

public sealed class TroubleshootTests : IAsyncLifetime
{
    private readonly MemoryKvStoreRegistry _registry = new();
    private readonly TempDirectory _config = new();
    private ClusterPublisher? _publisher;

    private AgentServices Services => AgentServices.Create(NullLoggerFactory.Instance, _registry);

    public async Task InitializeAsync()
    {
        // cluster2 of the Star Wars sample, published into an in-process store.
        var cluster2 = ManifestDirectory.LoadCluster(Path.Combine(RepoPaths.Samples, "starwars", "cluster2"));
        var state = LocalStateBuilder.Build(cluster2);
        _publisher = new ClusterPublisher(_registry.GetOrCreate("cluster2"), new ClusterPublisherOptions
        {
            ClusterName = ClusterName.Parse("cluster2"),
            ClusterId = new ClusterId(2),
        });
        await _publisher.PublishAsync(new ClusterSnapshot(state.Nodes, state.Endpoints));
        _config.Write("cluster2", "endpoints:\n- memory://cluster2\n");
        _config.Write("cluster1", "endpoints:\n- memory://cluster1\n"); // the local cluster's own file is ignored
        _config.Write("README", "not a cluster config: no endpoints key\n");
    }

    public async Task DisposeAsync()
    {
        await _publisher!.DisposeAsync();
        await _registry.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task Troubleshoot_reports_a_ready_remote_as_json()
    {
        var (code, output, error) = await CliRunner.RunAsync(Services,
            "troubleshoot", "--clustermesh-config", _config.Path, "--cluster-name", "cluster1", "--cluster-id", "1", "-o", "json");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var remote = Assert.Single(JsonNode.Parse(output)!["clusters"]!.AsArray())!;
        Assert.Equal("cluster2", remote["name"]!.GetValue<string>());
        Assert.True(remote["ready"]!.GetValue<bool>());
        Assert.True(remote["connected"]!.GetValue<bool>());
        Assert.Equal(2, remote["nodes"]!.GetValue<int>());
        Assert.Equal(3, remote["endpoints"]!.GetValue<int>());
        Assert.Equal(2, remote["identities"]!.GetValue<int>());
        Assert.Equal(0, remote["failures"]!.GetValue<int>());
        Assert.Null(remote["lastFailure"]);
    }

    [Fact]
    public async Task Status_prints_the_table()
    {
        var (code, output, _) = await CliRunner.RunAsync(Services,
            "status", "--clustermesh-config", _config.Path, "--cluster-name", "cluster1", "--cluster-id", "1");

        Assert.Equal(0, code);
        Assert.Contains("1/1 remote clusters ready", output, StringComparison.Ordinal);
        Assert.Contains("cluster2: ready, 2 nodes, 3 endpoints, 2 identities", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_without_cluster_config_is_not_ready_and_exits_1()
    {
        _config.Write("cluster3", "endpoints:\n- memory://cluster3\n");
        var (code, output, _) = await CliRunner.RunAsync(Services,
            "troubleshoot", "--clustermesh-config", _config.Path, "--cluster-name", "cluster1", "--cluster-id", "1", "--timeout", "00:00:01", "-o", "json");

        Assert.Equal(1, code);
        var clusters = JsonNode.Parse(output)!["clusters"]!.AsArray();
        Assert.True(clusters.Single(c => c!["name"]!.GetValue<string>() == "cluster2")!["ready"]!.GetValue<bool>());
        Assert.False(clusters.Single(c => c!["name"]!.GetValue<string>() == "cluster3")!["ready"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_remote_using_our_cluster_id_is_refused()
    {
        var (code, output, _) = await CliRunner.RunAsync(Services,
            "troubleshoot", "--clustermesh-config", _config.Path, "--cluster-name", "cluster1", "--cluster-id", "2", "--timeout", "00:00:01", "-o", "json");

        Assert.Equal(1, code);
        var remote = Assert.Single(JsonNode.Parse(output)!["clusters"]!.AsArray())!;
        Assert.False(remote["ready"]!.GetValue<bool>());
        Assert.Contains("cluster ID 2 of cluster2 is the local cluster's ID (cluster1)", remote["lastFailure"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cluster-id", "0", "cluster ID must be between 1 and 255")]
    [InlineData("--cluster-name", "Not_Valid", "cluster name 'Not_Valid'")]
    public async Task Invalid_local_identity_is_bad_input(string option, string value, string expected)
    {
        var args = new List<string> { "status", "--clustermesh-config", _config.Path, "--cluster-name", "cluster1", "--cluster-id", "1" };
        args[args.IndexOf(option) + 1] = value;
        var (code, _, error) = await CliRunner.RunAsync(Services, [.. args]);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_etcd_remote_is_reported_not_ready()
    {
        _config.Write("cluster4", "endpoints:\n- http://127.0.0.1:1\n");
        var (code, output, _) = await CliRunner.RunAsync(Services,
            "troubleshoot", "--clustermesh-config", _config.Path, "--cluster-name", "cluster1", "--cluster-id", "1", "--timeout", "00:00:02", "-o", "json");

        Assert.Equal(1, code);
        var remote = JsonNode.Parse(output)!["clusters"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "cluster4")!;
        Assert.False(remote["ready"]!.GetValue<bool>());
        Assert.False(remote["connected"]!.GetValue<bool>());
        Assert.True(remote["failures"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task An_https_remote_without_a_ca_names_the_file_and_field()
    {
        _config.Write("cluster5", "endpoints:\n- https://127.0.0.1:2379\n");
        var (code, output, error) = await CliRunner.RunAsync(Services,
            "troubleshoot", "--clustermesh-config", _config.Path, "--cluster-name", "cluster1", "--cluster-id", "1", "--timeout", "00:00:01", "-o", "json");

        Assert.True(code == 1, error);
        var remote = JsonNode.Parse(output)!["clusters"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "cluster5")!;
        Assert.False(remote["ready"]!.GetValue<bool>());
        Assert.Contains("cluster5: trusted-ca-file: is required for https:// endpoints", remote["lastFailure"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_config_directory_is_bad_input()
    {
        var (code, _, error) = await CliRunner.RunAsync(Services,
            "status", "--clustermesh-config", Path.Combine(_config.Path, "missing"), "--cluster-name", "cluster1", "--cluster-id", "1");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}

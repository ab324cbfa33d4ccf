using ClusterMesh.Agent.Cli;
using ClusterMesh.Agent.Run;
using ClusterMesh.Testing.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Agent.Tests.Run;

/// <summary>Bad input ends <c>run</c> at once with exit code 2 and a message naming the option or file and field.</summary>
public sealed class RunInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public RunInputTests() => _dir.Write("mesh/cluster2", "endpoints:\n- memory://cluster2\n");

    public void Dispose() => _dir.Dispose();

    private string Cluster1 => Path.Combine(RepoPaths.Samples, "starwars", "cluster1");

    private async Task<(int Code, string Error)> RunAsync(params string[] overrides)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--manifests"] = Cluster1,
            ["--cluster"] = "cluster1",
            ["--node"] = "cluster1-node1",
            ["--kvstore-config"] = "memory://cluster1",
            ["--clustermesh-config"] = Path.Combine(_dir.Path, "mesh"),
        };
        for (var i = 0; i < overrides.Length; i += 2)
        {
            args[overrides[i]] = overrides[i + 1];
        }

        var (code, _, error) = await CliRunner.RunAsync(AgentServices.Create(NullLoggerFactory.Instance), ["run", .. args.SelectMany(p => new[] { p.Key, p.Value })]);
        return (code, error);
    }

    [Fact]
    public async Task A_kvstore_config_without_endpoints_names_the_file_and_field()
    {
        var file = _dir.Write("etcd-config.yaml", "trusted-ca-file: /nowhere/ca.crt\n");
        var (code, error) = await RunAsync("--kvstore-config", file);
        Assert.Equal(2, code);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("endpoints", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_config_with_a_missing_certificate_names_the_file_and_field()
    {
        var file = _dir.Write("mesh/cluster2", "endpoints:\n- https://127.0.0.1:2379\ntrusted-ca-file: /nowhere/ca.crt\ncert-file: /nowhere/c.crt\nkey-file: /nowhere/c.key\n");
        var (code, error) = await RunAsync();
        Assert.Equal(2, code);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("trusted-ca-file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--node", "cluster1-node9", "--node: no node 'cluster1-node9'")]
    [InlineData("--cluster", "cluster2", "--cluster: no cluster 'cluster2'")]
    [InlineData("--kvstore-config", "/nowhere/etcd.yaml", "--kvstore-config: file /nowhere/etcd.yaml does not exist")]
    [InlineData("--clustermesh-config", "/nowhere/mesh", "--clustermesh-config: directory /nowhere/mesh does not exist")]
    public async Task Bad_options_exit_2_naming_the_option(string option, string value, string message)
    {
        var (code, error) = await RunAsync(option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_node_by_name_publishes_the_cluster_state_unless_told_otherwise()
    {
        RunOptions Options(string node, bool? clusterState = null) => RunMesh.Options("cluster1", node, _dir.Path) with
        {
            ClusterMeshConfig = Path.Combine(_dir.Path, "mesh"),
            StatusFile = null,
            PublishClusterState = clusterState,
        };

        Assert.True(RunInput.Resolve(Options("cluster1-node1")).PublishClusterState);
        Assert.False(RunInput.Resolve(Options("cluster1-node2")).PublishClusterState);
        Assert.True(RunInput.Resolve(Options("cluster1-node2", clusterState: true)).PublishClusterState);
        Assert.False(RunInput.Resolve(Options("cluster1-node1", clusterState: false)).PublishClusterState);
    }
}

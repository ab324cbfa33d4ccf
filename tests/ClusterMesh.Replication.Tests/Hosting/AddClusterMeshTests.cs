using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation;
using ClusterMesh.Kvstore.Memory.Hosting;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Publishing;
using ClusterMesh.Replication.Tests.Support;
using ClusterMesh.Testing.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClusterMesh.Replication.Tests.Hosting;

public sealed class AddClusterMeshTests : IAsyncLifetime
{
    private readonly MemoryKvStoreRegistry _registry = new();
    private readonly TempDirectory _config = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task Invalid_options_fail_host_start_naming_every_problem()
    {
        using var host = BuildHost(o =>
        {
            o.ClusterName = "Bad_Name";
            o.ClusterId = 300;
            o.NodeName = "";
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(error.Failures, f => f.Contains("ClusterName", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ClusterId must be between 1 and 255, not 300", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("NodeName is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hosted_node_mirrors_a_remote_cluster_into_its_datapath()
    {
        await using var publisher = new ClusterPublisher(_registry.GetOrCreate("cluster2"), new ClusterPublisherOptions
        {
            ClusterName = ClusterName.Parse("cluster2"),
            ClusterId = new ClusterId(2),
        });
        var remoteNode = new Node
        {
            Name = "n1",
            Cluster = "cluster2",
            ClusterID = 2,
            IPAddresses = [new NodeAddress { Type = NodeAddress.InternalIP, IP = IPAddress.Parse("192.168.2.11") }],
            IPv4AllocCIDR = IpPrefix.Parse("10.2.1.0/24"),
        };
        var pod = new PodEndpoint(IPAddress.Parse("10.2.1.20"), "default", "web", "uid", "n1", IPAddress.Parse("192.168.2.11"), "default",
            LabelSet.ParseKvStoreForm("k8s:app=web;k8s:io.cilium.k8s.policy.cluster=cluster2;k8s:io.kubernetes.pod.namespace=default;"), []);
        await publisher.PublishAsync(new ClusterSnapshot([remoteNode], [pod]));
        _config.Write("cluster2", "endpoints:\n- memory://cluster2\n");

        using var host = BuildHost(o =>
        {
            o.ClusterName = "cluster1";
            o.ClusterId = 1;
            o.NodeName = "node-a";
        });
        await host.StartAsync();
        var node = host.Services.GetRequiredService<ClusterMeshNode>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await node.Mesh.WaitUntilReadyAsync(timeout.Token);

        Assert.True(node.Datapath.IpCache.TryLookup(pod.Address, out _, out var entry));
        Assert.Equal(IPAddress.Parse("192.168.2.11"), entry.TunnelEndpoint);
        Assert.True(entry.Identity.IsInRangeOf(new ClusterId(2)));
        Assert.True(node.Datapath.Tunnels.TryLookup(IPAddress.Parse("10.2.1.99"), out _, out var tunnel));
        Assert.Equal(IPAddress.Parse("192.168.2.11"), tunnel.NodeAddress);
        Assert.Equal(1, node.Identities.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_registered_export_observer_receives_the_remote_service_exports()
    {
        await using var publisher = new ClusterPublisher(_registry.GetOrCreate("cluster2"), new ClusterPublisherOptions
        {
            ClusterName = ClusterName.Parse("cluster2"),
            ClusterId = new ClusterId(2),
            ServiceExportsEnabled = true,
        });
        var export = new ServiceExport { Cluster = "cluster2", Namespace = "default", Name = "web", ExportCreationTimestamp = DateTimeOffset.UnixEpoch };
        await publisher.PublishAsync(new ClusterSnapshot([], []) { ServiceExports = [export] });
        _config.Write("cluster2", "endpoints:\n- memory://cluster2\n");
        var exports = new RecordingObserver<ServiceExport>();

        using var host = BuildHost(o =>
        {
            o.ClusterName = "cluster1";
            o.ClusterId = 1;
            o.NodeName = "node-a";
        }, services => services.AddSingleton<Abstractions.Replication.IStoreObserver<ServiceExport>>(exports));
        await host.StartAsync();
        var node = host.Services.GetRequiredService<ClusterMeshNode>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await node.Mesh.WaitUntilReadyAsync(timeout.Token);

        Assert.Equal(["cilium/state/serviceexports/v1/cluster2/default/web"], exports.State.Keys);
        Assert.Equal(1, node.ServiceExports?.Count);
        await host.StopAsync();
    }

    [Fact]
    public void Without_an_export_observer_exports_are_not_mirrored()
    {
        using var host = BuildHost(o =>
        {
            o.ClusterName = "cluster1";
            o.ClusterId = 1;
            o.NodeName = "node-a";
        });

        Assert.Null(host.Services.GetRequiredService<ClusterMeshNode>().ServiceExports);
    }

    private IHost BuildHost(Action<ClusterMeshNodeOptions> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        services?.Invoke(builder.Services);
        builder.Services.AddClusterMesh(o =>
            {
                o.ClusterMeshConfigDirectory = _config.Path;
                o.WatchConfigDirectory = false;
                o.Backoff = new BackoffOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));
                configure(o);
            })
            .UseMemoryKvStore("cluster1", _registry)
            .UseSimulationDatapath(new SimulatedNodeOptions { NodeName = "node-a", NodeAddress = IPAddress.Parse("192.168.1.11") });
        return builder.Build();
    }
}

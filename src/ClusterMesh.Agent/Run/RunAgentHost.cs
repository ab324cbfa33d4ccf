using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Agent.Cli;
using ClusterMesh.Agent.GlobalServices;
using ClusterMesh.Replication.Datapath;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClusterMesh.Agent.Run;

/// <summary>
/// Builds the host of <c>run</c>: the node agent (<c>AddClusterMesh</c>) on the local kvstore with the chosen
/// datapath, remote clusters from the clustermesh config directory, the publisher of this node's share, the
/// global-service merger and, when asked, the status file.
/// </summary>
internal static class RunAgentHost
{
    public static IHost Build(RunPlan plan, AgentServices services, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(services.Loggers);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(plan);
        builder.Services.AddSingleton<RunState>();

        // Remote clusters by endpoint scheme (memory:// in process, etcd otherwise); registered before the
        // kvstore backend so that its own factory does not replace it.
        builder.Services.AddSingleton(services.Stores);
        var nodeServices = new NodeServices(plan.Cluster.Name.Value);
        nodeServices.ApplyLocal(plan.Manifests);
        builder.Services.AddSingleton(nodeServices);
        builder.Services.AddSingleton<IStoreObserver<ClusterService>>(nodeServices.Merger);
        builder.Services.AddSingleton<IStoreObserver<ServiceExport>>(nodeServices.Imports);
        var mesh = builder.Services.AddClusterMesh(o =>
        {
            o.ClusterName = plan.Cluster.Name.Value;
            o.ClusterId = plan.Cluster.Id.Value;
            o.MaxConnectedClusters = plan.Cluster.MaxConnectedClusters;
            o.NodeName = plan.Node.Name;
            o.ClusterMeshConfigDirectory = plan.ClusterMeshConfig;
            o.RoutingMode = plan.Cluster.RoutingMode;
            o.Segment = NodeRouting.SegmentOf(plan.Node);
            o.Backoff = plan.Backoff;
        });
        if (plan.Kvstore.MemoryName is { } memory)
        {
            mesh.UseMemoryKvStore(memory, services.Memory);
        }
        else
        {
            mesh.UseEtcdKvStore(plan.Kvstore.Etcd!);
        }

        plan.Datapath(mesh, new DatapathNode(plan.Cluster, plan.Node, plan.DatapathHost));
        builder.Services.AddHostedService<NodePublisherService>();
        if (plan.StatusFile is not null)
        {
            builder.Services.AddHostedService<StatusFileService>();
        }

        var host = builder.Build();

        // Global services are DNATed where the datapath has a load-balancer map (Simulation); elsewhere not yet.
        nodeServices.AttachDatapath(host.Services.GetRequiredService<IDatapath>());
        return host;
    }
}

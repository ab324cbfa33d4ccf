using System.CommandLine;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Agent.Output;
using ClusterMesh.Replication.Mesh;
using ClusterMesh.Replication.Remote;

namespace ClusterMesh.Agent.Cli;

/// <summary>
/// <c>status</c> and <c>troubleshoot</c>: connect to every remote cluster of a clustermesh config directory, wait
/// for them to sync up to a timeout, print their status; exit 0 only when all are ready.
/// </summary>
internal static class StatusCommands
{
    public static Command Create(string name, string description, TextWriter output, TextWriter error, AgentServices services)
    {
        var configDirectory = new Option<DirectoryInfo>("--clustermesh-config")
        {
            Description = "Clustermesh config directory: one file per remote cluster, named after it.",
            Required = true,
        };
        var clusterName = new Option<string>("--cluster-name") { Description = "This cluster's name.", Required = true };
        var clusterId = new Option<int>("--cluster-id") { Description = "This cluster's ID.", Required = true };
        var maxClusters = new Option<int>("--max-connected-clusters")
        {
            Description = "255 or 511.",
            DefaultValueFactory = _ => MeshLimits.DefaultMaxConnectedClusters,
        };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "How long to wait for remote clusters to become ready.",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        };
        var format = AgentCli.OutputOption();
        var command = new Command(name, description) { configDirectory, clusterName, clusterId, maxClusters, timeout, format };
        var verbose = name == "troubleshoot";
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetRequiredValue(configDirectory);
            if (!directory.Exists)
            {
                await error.WriteLineAsync($"--clustermesh-config: directory {directory.FullName} does not exist");
                return AgentCli.BadInput;
            }

            ClusterName local;
            ClusterId localId;
            try
            {
                var max = parse.GetValue(maxClusters);
                MeshLimits.Validate(max);
                localId = ClusterId.Create(parse.GetValue(clusterId), max);
                local = ClusterName.Parse(parse.GetRequiredValue(clusterName), localId);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync(e.Message.Split(" (Parameter")[0]);
                return AgentCli.BadInput;
            }

            await using var mesh = new ClusterMeshManager(new ClusterMeshOptions
            {
                ConfigDirectory = directory.FullName,
                WatchDirectory = false,
                Cluster = new RemoteClusterOptions
                {
                    LocalClusterName = local.Value,
                    LocalClusterId = localId,
                    MaxConnectedClusters = parse.GetValue(maxClusters),
                },
            }, services.Stores, _ => StatusKinds.All(), TimeProvider.System, services.Loggers);
            await mesh.StartAsync(cancellationToken);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(parse.GetValue(timeout));
            try
            {
                await mesh.WaitUntilReadyAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not all ready in time: the status says which.
            }

            var statuses = mesh.GetStatus();
            var views = statuses.Select(StatusViews.From).ToList();
            var ready = views.Count > 0 && views.All(v => v.Ready);
            if (parse.GetValue(format) == "json")
            {
                await output.WriteLineAsync(CliJson.Serialize(new TroubleshootReport { Cluster = local.Value, Ready = ready, Clusters = views }));
            }
            else
            {
                await output.WriteAsync(StatusTable.Render($"ClusterMesh ({local})", views));
                if (verbose)
                {
                    foreach (var status in statuses)
                    {
                        await output.WriteLineAsync($"{status.Name}: {status.Describe()}");
                    }
                }

                if (views.Count == 0)
                {
                    await output.WriteLineAsync($"no remote clusters configured in {directory.FullName}");
                }
            }

            return ready ? 0 : 1;
        });
        return command;
    }
}

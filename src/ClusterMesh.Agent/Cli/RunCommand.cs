using System.CommandLine;
using ClusterMesh.Agent.Run;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Agent.Cli;

/// <summary><c>run</c>: the long-running agent of one node. Exit 0 on a clean stop, 2 on bad input, 1 on failure.</summary>
internal static class RunCommand
{
    public const string Name = "run";

    public static Command Create(TextWriter error, AgentServices services)
    {
        var manifests = new Option<DirectoryInfo>("--manifests")
        {
            Description = "The cluster's manifest folder (as samples/starwars/cluster1), or a mesh folder with one folder per cluster.",
            Required = true,
        };
        var cluster = new Option<string>("--cluster") { Description = "This cluster's name (its cilium-config cluster-name).", Required = true };
        var node = new Option<string>("--node") { Description = "The node this agent runs on (a Node of the cluster's manifests).", Required = true };
        var kvstore = new Option<string>("--kvstore-config")
        {
            Description = "This cluster's kvstore: an etcd config file in Cilium's format (endpoints, trusted-ca-file, cert-file, key-file, username, password) or memory://NAME.",
            Required = true,
        };
        var meshConfig = new Option<DirectoryInfo>("--clustermesh-config")
        {
            Description = "Clustermesh config directory: one file per remote cluster, named after it.",
            Required = true,
        };
        var datapath = new Option<string>("--datapath")
        {
            Description = "The datapath to program.",
            DefaultValueFactory = _ => DatapathChoices.Default,
        };
        datapath.AcceptOnlyFromAmong([.. DatapathChoices.Names]);
        var underlay = new Option<string>("--underlay-device")
        {
            Description = "eBPF datapath: the node's underlay device (direct routing leaves and arrives through it).",
            DefaultValueFactory = _ => "eth0",
        };
        var pinDirectory = new Option<string?>("--bpf-pin-dir")
        {
            Description = "eBPF datapath: the bpffs directory of the pinned maps and links (default /sys/fs/bpf/clustermesh/<cluster>-<node>).",
        };
        var statusFile = new Option<FileInfo?>("--status-file") { Description = "Write the agent's status as JSON to this file every second (\"ready\": true once synced)." };
        var clusterState = new Option<bool?>("--publish-cluster-state")
        {
            Description = "Whether this agent writes the cluster-wide keys (cluster config, services, heartbeat, synced canaries). Default: only the cluster's first node by name.",
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "The least severe log messages written to stderr (Trace, Debug, Information, Warning, Error).",
            DefaultValueFactory = _ => LogLevel.Warning,
        };
        var command = new Command(Name, "Runs the agent of one node: mirrors every remote cluster into the datapath and publishes this node's share of the local cluster.")
        {
            manifests, cluster, node, kvstore, meshConfig, datapath, underlay, pinDirectory, statusFile, clusterState, logLevel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            RunPlan plan;
            try
            {
                plan = RunInput.Resolve(new RunOptions
                {
                    Manifests = parse.GetRequiredValue(manifests).FullName,
                    Cluster = parse.GetRequiredValue(cluster),
                    Node = parse.GetRequiredValue(node),
                    KvstoreConfig = parse.GetRequiredValue(kvstore),
                    ClusterMeshConfig = parse.GetRequiredValue(meshConfig).FullName,
                    Datapath = parse.GetValue(datapath) ?? DatapathChoices.Default,
                    StatusFile = parse.GetValue(statusFile)?.FullName,
                    UnderlayDevice = parse.GetValue(underlay) ?? "eth0",
                    PinDirectory = parse.GetValue(pinDirectory),
                    PublishClusterState = parse.GetValue(clusterState),
                });
            }
            catch (RunInputException e)
            {
                await error.WriteLineAsync(e.Message);
                return AgentCli.BadInput;
            }

            using var loggers = parse.GetValue(logLevel) is var level && level != LogLevel.Warning ? AgentServices.ConsoleLoggers(level) : null;
            using var host = RunAgentHost.Build(plan, loggers is null ? services : AgentServices.Create(loggers, services.Memory));
            var state = host.Services.GetRequiredService<RunState>(); // RunAsync disposes the host's services
            try
            {
                await host.RunAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A start that fails (a kvstore client that cannot be built, a datapath that cannot load) is a
                // runtime failure of this node, reported in one line rather than as a stack trace.
                await error.WriteLineAsync($"{plan.Node.Name}: the agent failed: {e.Message}");
                return 1;
            }

            var failure = state.Failure;
            if (failure is not null)
            {
                await error.WriteLineAsync($"{plan.Node.Name}: {failure}");
                return 1;
            }

            return 0;
        });
        return command;
    }
}

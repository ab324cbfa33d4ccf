using ClusterMesh.Agent.Output;
using ClusterMesh.Replication.Mesh;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Agent.Run;

/// <summary>
/// Writes the agent's status (the <c>status -o json</c> document plus the node fields) to a file every interval,
/// replacing it atomically, so that scripts can wait for <c>"ready": true</c>.
/// </summary>
internal sealed class StatusFileService(RunPlan plan, ClusterMeshNode node, RunState state, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<StatusFileService>();

    /// <summary>The status now: ready once the node's share is published, every remote cluster is ready and, on the
    /// cluster-state publisher, the canaries are written.</summary>
    public static TroubleshootReport Snapshot(RunPlan plan, ClusterMeshNode node, RunState state, TimeProvider time)
    {
        var views = node.Mesh.GetStatus().Select(StatusViews.From).ToList();
        var canaries = plan.PublishClusterState ? state.CanariesWritten() : (bool?)null;
        return new TroubleshootReport
        {
            Cluster = plan.Cluster.Name.Value,
            Node = plan.Node.Name,
            Ready = state.Published && state.Failure is null && views.All(v => v.Ready) && canaries != false,
            Published = state.Published,
            ClusterStatePublisher = plan.PublishClusterState,
            SyncedCanaries = canaries,
            Failure = state.Failure,
            Clusters = views,
            Time = time.GetUtcNow(),
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(plan.StatusInterval, time);
        do
        {
            await WriteAsync();
        }
        while (await WaitAsync(timer, stoppingToken));

        await WriteAsync();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WriteAsync()
    {
        var path = plan.StatusFile!;
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, CliJson.Serialize(Snapshot(plan, node, state, time)));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RunLog.StatusWriteFailed(_logger, path, e.Message);
        }
    }
}

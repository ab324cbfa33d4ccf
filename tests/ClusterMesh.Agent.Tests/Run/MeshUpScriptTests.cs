using System.Diagnostics;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests.Run;

/// <summary>eng/mesh-up.sh --check: two etcds with mTLS, four agent processes, troubleshoot of both clusters.</summary>
public sealed class MeshUpScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [RequiresEtcdFact]
    public async Task Mesh_up_check_brings_up_two_clusters_on_etcd_and_both_are_ready()
    {
        // The agent this test project was built against (copied next to it), instead of building again.
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "eng", "mesh-up.sh"));
        start.ArgumentList.Add("--check");
        start.ArgumentList.Add("--agent");
        start.ArgumentList.Add(typeof(Cli.AgentCli).Assembly.Location);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: the script's trap stops its agents and etcds and removes its folder.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await process.WaitForExitAsync();
        }

        var text = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"mesh-up.sh --check exited {process.ExitCode}:\n{text}");
        Assert.Contains("ClusterMesh (cluster1):   1/1 remote clusters ready", text, StringComparison.Ordinal);
        Assert.Contains("ClusterMesh (cluster2):   1/1 remote clusters ready", text, StringComparison.Ordinal);
        Assert.Contains("cluster2: ready, 2 nodes, 3 endpoints", text, StringComparison.Ordinal);
        Assert.Contains("cluster1: ready, 2 nodes, 3 endpoints", text, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text;
using ClusterMesh.Agent.Output;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Replication.Common;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Agent.Demo;

/// <summary>
/// The Star Wars mesh of Cilium's ClusterMesh launch post, end to end in one process: two clusters, one agent per
/// node, a remote outage and a resync. Each step checks what it shows; the report says which held.
/// </summary>
internal sealed class StarWarsDemo(string manifestsDirectory, ILoggerFactory loggers, TextWriter progress)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private static readonly BackoffOptions DemoBackoff = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500));
    private readonly DemoReport _report = new();

    public async Task<DemoReport> RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ClusterManifests> manifests;
        try
        {
            manifests = ManifestDirectory.LoadMesh(manifestsDirectory);
            var exports = manifests.Sum(m => GlobalServices.ManifestServiceExports.Read(m).Count);
            Record("load-manifests", true, $"{manifests.Count} clusters from {manifestsDirectory}: {string.Join(", ", manifests.Select(m => $"{m.Settings.Name} (id {m.Settings.Id}, {m.Nodes.Count} nodes, {m.Pods.Count} pods)"))}; {exports} service exports");
        }
        catch (ManifestException e)
        {
            Record("load-manifests", false, e.Message);
            return _report;
        }

        await using var mesh = await InProcessMesh.StartAsync(manifests, loggers, DemoBackoff, cancellationToken);
        var steps = new DemoSteps(mesh, StepTimeout);
        await RunStepAsync("mesh-ready", () => steps.MeshReadyAsync(cancellationToken));
        if (_report.Passed && mesh.Clusters.Count >= 2 && HasStarWarsPods(mesh))
        {
            await RunStepAsync("cross-cluster-path", () => Task.FromResult(steps.CrossClusterPath()));
            await RunStepAsync("remote-outage", () => steps.RemoteOutageAsync(cancellationToken));
            await RunStepAsync("remote-recovery-resync", () => steps.RecoveryResyncAsync(cancellationToken));
            await RunStepAsync("global-service-spread", () => Task.FromResult(steps.GlobalServiceSpread()));
            await RunStepAsync("global-service-failover", () => steps.GlobalServiceFailoverAsync(cancellationToken));
            await RunStepAsync("global-service-recovery", () => steps.GlobalServiceRecoveryAsync(cancellationToken));
            await RunStepAsync("policy-cross-cluster-allowed", () => Task.FromResult(PolicyStep(manifests, "cluster2/default/rebel-base-1", expectAllowed: true)));
            await RunStepAsync("policy-local-denied", () => Task.FromResult(PolicyStep(manifests, "cluster1/default/rebel-base-1", expectAllowed: false)));
        }

        _report.Clusters.AddRange(mesh.Clusters.Select(c => new ClusterView
        {
            Name = c.Name,
            Agents = c.Agents.Select(a => a.NodeName).ToList(),
            RemoteClusters = StatusViews.Combine(c.Agents.Select(a => a.Mesh.GetStatus())),
        }));
        return _report;
    }

    /// <summary>x-wing in cluster1 against a rebel-base, decided by the policies of the manifests (allow-cross-cluster).</summary>
    private static StepOutcome PolicyStep(IReadOnlyList<ClusterManifests> manifests, string destination, bool expectAllowed)
    {
        const string source = "cluster1/default/x-wing";
        var world = PolicyTrace.ManifestPolicyWorld.Load(manifests);
        if (!world.TryFind(source, out var from) || !world.TryFind(destination, out var to))
        {
            return new StepOutcome(false, $"{source} or {destination} is not in the manifests");
        }

        var verdict = world.Decide(from, to, 80, Policy.Model.L4Protocol.Tcp);
        var allowed = verdict.Verdict == Policy.Evaluation.Verdict.Allowed;
        return new StepOutcome(allowed == expectAllowed,
            $"{source} -> {destination} 80/TCP {(allowed ? "ALLOWED" : "DENIED")}",
            $"  egress:  {verdict.Egress.Explanation}\n  ingress: {verdict.Ingress.Explanation}");
    }

    private static bool HasStarWarsPods(InProcessMesh mesh) =>
        mesh.Clusters.Take(2).All(c => c.State.Endpoints.Any(e => e.Name == "x-wing") && c.State.Endpoints.Any(e => e.Name.StartsWith("rebel-base", StringComparison.Ordinal)));

    private async Task RunStepAsync(string name, Func<Task<StepOutcome>> step)
    {
        try
        {
            var outcome = await step();
            Record(name, outcome.Passed, outcome.Detail, outcome.Output);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            Record(name, false, e.Message);
        }
    }

    private void Record(string name, bool passed, string detail, string? output = null)
    {
        _report.Steps.Add(new DemoStepResult { Name = name, Passed = passed, Detail = detail, Output = output });
        progress.WriteLine($"{(passed ? "PASS" : "FAIL")}  {name}: {detail}");
        if (output is not null)
        {
            progress.WriteLine(output);
        }
    }
}

/// <summary>What a step found.</summary>
internal sealed record StepOutcome(bool Passed, string Detail, string? Output = null);

using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ClusterMesh.Benchmarks.Scenarios;

/// <summary>
/// BenchmarkDotNet micro-benchmarks, in process (no child build: the machine is slow) with a short job so the
/// whole set stays around a minute and a half. Any argument BenchmarkDotNet understands may follow <c>micro</c>.
/// </summary>
internal static class MicroScenario
{
    public static int Run(IReadOnlyList<string> rest)
    {
        var args = rest.Contains("--filter") ? rest.ToArray() : [.. rest, "--filter", "*"];
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithIterationTime(TimeInterval.FromMilliseconds(150))
                .WithWarmupCount(6)
                .WithIterationCount(8)
                .WithGcForce(false) // a forced full GC per iteration costs seconds with 250k map entries live
                .WithId("short-inprocess"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroScenario).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

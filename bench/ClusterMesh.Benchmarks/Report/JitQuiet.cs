using System.Diagnostics;
using System.Runtime;

namespace ClusterMesh.Benchmarks.Report;

/// <summary>
/// Waits until the JIT has compiled nothing for a while, so a measured phase does not also pay for the background
/// tier-up that earlier phases queued (the tiered JIT promotes methods it saw called often, on its own thread).
/// </summary>
internal static class JitQuiet
{
    public static async Task WaitAsync(TimeSpan quietFor, TimeSpan atMost)
    {
        var waited = Stopwatch.StartNew();
        var step = TimeSpan.FromMilliseconds(100);
        var quiet = TimeSpan.Zero;
        long compiled = JitInfo.GetCompiledMethodCount();
        while (quiet < quietFor && waited.Elapsed < atMost)
        {
            await Task.Delay(step);
            long now = JitInfo.GetCompiledMethodCount();
            quiet = now == compiled ? quiet + step : TimeSpan.Zero;
            compiled = now;
        }
    }
}

using System.Globalization;

namespace ClusterMesh.Benchmarks.Report;

/// <summary>
/// CPU time of this process's garbage-collector threads (Linux: <c>/proc/self/task/*/schedstat</c> of the threads
/// named ".NET Server GC" or ".NET BGC"). The GC's pause time is wall time, which on two shared cores also counts
/// the other processes' turns; this is the work the collector did. Zero elsewhere.
/// </summary>
internal static class GcThreadCpu
{
    public static TimeSpan Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        long nanoseconds = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm"));
                if (name.StartsWith(".NET Server GC", StringComparison.Ordinal) || name.StartsWith(".NET BGC", StringComparison.Ordinal))
                {
                    nanoseconds += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The thread ended while it was read.
            }
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}

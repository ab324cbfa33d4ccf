using System.Runtime.InteropServices;

namespace ClusterMesh.Benchmarks.Report;

/// <summary>
/// CPU time of the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): unlike wall-clock time it
/// does not grow when other processes take the cores, so figures from a shared machine stay comparable.
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool Available { get; } = OperatingSystem.IsLinux() && TryNow(out _);

    /// <summary>The thread's CPU time so far; zero where unavailable.</summary>
    public static TimeSpan Now() => TryNow(out var now) ? now : TimeSpan.Zero;

    private static bool TryNow(out TimeSpan now)
    {
        now = TimeSpan.Zero;
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTimeId, out var spec) != 0)
        {
            return false;
        }

        now = TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100));
        return true;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec spec);
}

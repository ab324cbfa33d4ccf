using System.Diagnostics;

namespace ClusterMesh.Benchmarks.Pipeline;

/// <summary>Writes on a schedule: put i is due at start + i / rate; a 1 ms timer wakes the writer.</summary>
internal static class PacedPuts
{
    /// <summary>Runs <paramref name="put"/> for 0 … <paramref name="count"/> - 1 on schedule; returns the seconds taken.</summary>
    public static async Task<double> RunAsync(int count, double rate, Func<int, Task> put)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < count)
        {
            var due = Math.Min(count, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            while (next < due)
            {
                await put(next++);
            }

            if (next < count)
            {
                await timer.WaitForNextTickAsync();
            }
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}

namespace ClusterMesh.Replication.Common;

/// <summary>How long to wait between retries: doubling from <see cref="Initial"/> up to <see cref="Max"/>.</summary>
/// <param name="Initial">The first delay.</param>
/// <param name="Max">The largest delay.</param>
public sealed record BackoffOptions(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>The defaults: 200 ms doubling up to 30 s.</summary>
    public static BackoffOptions Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));
}

/// <summary>
/// Exponential backoff driven by a <see cref="TimeProvider"/>, so tests can move time by hand.
/// Not thread-safe: one loop owns one instance.
/// </summary>
internal sealed class RetryBackoff(BackoffOptions options, TimeProvider time)
{
    private int _attempt;

    /// <summary>The number of consecutive failures since the last <see cref="Reset"/>.</summary>
    public int Attempt => _attempt;

    /// <summary>The delay before the next retry; each call doubles it up to the maximum.</summary>
    public TimeSpan NextDelay()
    {
        var factor = Math.Pow(2, Math.Min(_attempt, 30));
        _attempt++;
        var ticks = Math.Min(options.Initial.Ticks * factor, options.Max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Waits the next delay.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(NextDelay(), time, cancellationToken);

    /// <summary>Back to the initial delay after a success.</summary>
    public void Reset() => _attempt = 0;
}

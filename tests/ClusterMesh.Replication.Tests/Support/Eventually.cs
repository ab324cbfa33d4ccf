using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Replication.Tests.Support;

/// <summary>
/// Polls a condition that background loops make true, with a generous real-time bound that only a failing test
/// reaches. With a fake clock, each poll also moves it forward so backoff delays and timers elapse.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task TrueAsync(Func<bool> condition, string what, FakeTimeProvider? advance = null, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            advance?.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }
    }

    public static Task EqualAsync<T>(Func<T> actual, T expected, string what, FakeTimeProvider? advance = null) =>
        TrueAsync(() => EqualityComparer<T>.Default.Equals(actual(), expected), $"{what} is {expected}", advance);
}

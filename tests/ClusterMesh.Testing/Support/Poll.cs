namespace ClusterMesh.Testing.Support;

/// <summary>Waits for a condition that background loops make true; the bound is only reached by a failing test.</summary>
public static class Poll
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails naming <paramref name="what"/> after
    /// <paramref name="seconds"/>, with <paramref name="state"/> as it was then (so a flake in CI says which part
    /// never got there).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, Func<string>? state = null, double seconds = 20)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"timed out waiting until {what}{(state is null ? string.Empty : $"; now: {state()}")}");
            }

            await Task.Delay(20);
        }
    }
}

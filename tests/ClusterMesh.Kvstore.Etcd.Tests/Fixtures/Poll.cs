namespace ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

/// <summary>Waits for a condition that background loops make true; the bound is only reached by a failing test.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }
}

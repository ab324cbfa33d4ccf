using ClusterMesh.Kvstore.Etcd.Client;
using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Kvstore.Etcd.Tests.Client;

/// <summary>When a failing channel is rebuilt: after three unavailable failures in a row, at most once per interval.</summary>
public sealed class EtcdChannelHealthTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_third_failure_in_a_row_asks_for_a_rebuild_once_the_interval_has_passed()
    {
        var health = new EtcdChannelHealth(_time, TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([false, false, true], [health.Failed(), health.Failed(), health.Failed()]);
    }

    [Fact]
    public void One_refused_connection_asks_for_a_rebuild_once_the_interval_has_passed()
    {
        var health = new EtcdChannelHealth(_time, TimeSpan.FromSeconds(2));
        Assert.False(health.Failed(refused: true));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(health.Failed(refused: true));
    }

    [Fact]
    public void A_success_between_failures_starts_the_count_again()
    {
        var health = new EtcdChannelHealth(_time, TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(2));
        health.Failed();
        health.Failed();
        health.Succeeded();

        Assert.Equal([false, false, true], [health.Failed(), health.Failed(), health.Failed()]);
    }

    [Fact]
    public void Rebuilds_are_at_least_the_interval_apart_while_everything_fails()
    {
        var health = new EtcdChannelHealth(_time, TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(true, Enumerable.Range(0, 10).Select(_ => health.Failed()).ToList());

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(health.Failed(), "the failures before the interval count");
        Assert.DoesNotContain(true, Enumerable.Range(0, 10).Select(_ => health.Failed()).ToList());

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(health.Failed());
    }
}

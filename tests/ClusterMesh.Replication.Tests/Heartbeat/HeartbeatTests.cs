using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Replication.Common;
using ClusterMesh.Replication.Heartbeat;
using ClusterMesh.Replication.Remote;
using ClusterMesh.Replication.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Replication.Tests.Heartbeat;

public sealed class HeartbeatTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly MemoryKvStore _store;
    private readonly CancellationTokenSource _stop = new();

    public HeartbeatTests() => _store = new MemoryKvStore("c2", timeProvider: _time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task The_writer_puts_an_RFC3339_heartbeat_under_a_lease_every_minute()
    {
        await using var writer = new HeartbeatWriter(_store, time: _time);
        writer.Start();
        await Eventually.TrueAsync(() => writer.Writes == 1, "the first heartbeat was written");
        var first = await _store.GetAsync(KvKeys.Heartbeat);
        Assert.Equal("2025-01-01T00:00:00Z", Encoding.UTF8.GetString(first!.Value.Span));
        Assert.True(first.Lease.IsSet);

        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => writer.Writes == 2, "the second heartbeat was written");
        var second = await _store.GetAsync(KvKeys.Heartbeat);
        Assert.Equal("2025-01-01T00:01:00Z", Encoding.UTF8.GetString(second!.Value.Span));
    }

    [Fact]
    public async Task The_monitor_reports_a_fault_only_after_more_than_two_minutes_without_a_heartbeat()
    {
        using var monitor = StartMonitor();
        await PutHeartbeatAsync();
        await Eventually.TrueAsync(() => monitor.LastHeartbeat is not null, "the heartbeat was seen");

        _time.Advance(Timeout);
        Assert.False(monitor.IsFaulted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(monitor.IsFaulted);

        await PutHeartbeatAsync();
        await Eventually.TrueAsync(() => !monitor.IsFaulted, "the fault cleared");
    }

    [Fact]
    public async Task A_store_that_never_beats_is_faulted_two_minutes_after_the_monitor_started()
    {
        using var monitor = StartMonitor();
        _time.Advance(Timeout + TimeSpan.FromSeconds(1));
        Assert.True(monitor.IsFaulted);
        Assert.Null(monitor.LastHeartbeat);
    }

    [Fact]
    public async Task A_running_writer_keeps_the_monitor_healthy()
    {
        using var monitor = StartMonitor();
        await using var writer = new HeartbeatWriter(_store, time: _time);
        writer.Start();
        var faultSeen = false;
        for (var write = 2; write <= 6; write++)
        {
            // Time moves in 10-second steps while the writer keeps going; the monitor must never fault.
            await Eventually.TrueAsync(() =>
            {
                faultSeen |= monitor.IsFaulted;
                return writer.Writes >= write && monitor.LastHeartbeat is { } seen && _time.GetUtcNow() - seen < TimeSpan.FromSeconds(10);
            }, $"heartbeat {write} was written and seen", _time, TimeSpan.FromSeconds(10));
        }

        Assert.False(faultSeen);
        Assert.True(_time.GetUtcNow() >= new DateTimeOffset(2025, 1, 1, 0, 5, 0, TimeSpan.Zero));
        Assert.False(monitor.IsFaulted);
    }

    [Fact]
    public async Task A_remote_cluster_shows_a_missing_heartbeat_in_its_status()
    {
        await using var c2 = new RemotePublisher("c2", _time);
        await c2.PublishConfigAsync(2);
        await c2.CanariesAsync();
        await using var cluster = new RemoteCluster("c2", RemoteClusterHarness.Options() with { MonitorHeartbeat = true }, [], null, _time);
        await cluster.ConnectAsync(c2.Client());
        await Eventually.TrueAsync(() => cluster.GetStatus().Ready, "ready");

        await c2.Store.PutAsync(KvKeys.Heartbeat, Encoding.UTF8.GetBytes("2025-01-01T00:00:00Z"));
        await Eventually.TrueAsync(() => cluster.GetStatus().LastHeartbeat is not null, "the heartbeat was seen");
        _time.Advance(Timeout + TimeSpan.FromSeconds(1));
        var status = cluster.GetStatus();
        Assert.True(status.HeartbeatFault);
        Assert.Contains("heartbeat missing", status.Describe(), StringComparison.Ordinal);
    }

    private HeartbeatMonitor StartMonitor()
    {
        var monitor = new HeartbeatMonitor("c2", Timeout, _time, backoff: new BackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        var stop = _stop.Token;
        _ = Task.Run(() => monitor.WatchAsync(_store, stop));
        return monitor;
    }

    private Task PutHeartbeatAsync() =>
        _store.PutAsync(KvKeys.Heartbeat, KvText.EncodeTimestamp(_time.GetUtcNow())).AsTask();
}

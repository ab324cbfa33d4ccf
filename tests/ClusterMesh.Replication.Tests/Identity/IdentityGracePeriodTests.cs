using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kvstore.Memory;
using ClusterMesh.Replication.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Replication.Tests.Identity;

/// <summary>Unused identities are released after the grace period, not before; use within it restarts the clock.</summary>
public sealed class IdentityGracePeriodTests : IAsyncLifetime
{
    private static readonly LabelSet Web = LabelSet.ParseKvStoreForm("k8s:app=web;k8s:io.cilium.k8s.policy.cluster=cluster2;");
    private static readonly LabelSet Db = LabelSet.ParseKvStoreForm("k8s:app=db;k8s:io.cilium.k8s.policy.cluster=cluster2;");
    private readonly MemoryKvStore _store = new("cluster2");
    private readonly FakeTimeProvider _time = new();
    private KvIdentityAllocator _allocator = null!;

    public Task InitializeAsync()
    {
        _allocator = new KvIdentityAllocator(_store, new ClusterId(2), MeshLimits.DefaultMaxConnectedClusters, NullLogger<KvIdentityAllocator>.Instance, _time)
        {
            GracePeriod = TimeSpan.FromMinutes(15),
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task An_unused_identity_is_released_only_after_the_grace_period()
    {
        var web = await _allocator.AllocateAsync(Web);
        var db = await _allocator.AllocateAsync(Db);

        Assert.Empty(_allocator.CollectUnused(new HashSet<NumericIdentity> { web }));
        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.Empty(_allocator.CollectUnused(new HashSet<NumericIdentity> { web }));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal([db], _allocator.CollectUnused(new HashSet<NumericIdentity> { web }));
        Assert.Empty(_allocator.CollectUnused(new HashSet<NumericIdentity> { web }));
    }

    [Fact]
    public async Task Use_within_the_grace_period_restarts_the_clock()
    {
        var db = await _allocator.AllocateAsync(Db);
        Assert.Empty(_allocator.CollectUnused(new HashSet<NumericIdentity>()));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(_allocator.CollectUnused(new HashSet<NumericIdentity> { db }));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(_allocator.CollectUnused(new HashSet<NumericIdentity>()));
        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.Empty(_allocator.CollectUnused(new HashSet<NumericIdentity>()));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal([db], _allocator.CollectUnused(new HashSet<NumericIdentity>()));
    }

    [Fact]
    public async Task A_released_label_set_whose_key_was_deleted_is_allocated_again()
    {
        var db = await _allocator.AllocateAsync(Db);
        _allocator.CollectUnused(new HashSet<NumericIdentity>());
        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal([db], _allocator.CollectUnused(new HashSet<NumericIdentity>()));
        await _store.DeleteAsync(KvKeys.Identity(db));

        var again = await _allocator.AllocateAsync(Db);

        Assert.NotNull(await _store.GetAsync(KvKeys.Identity(again)));
        Assert.True(again.IsInRangeOf(new ClusterId(2), MeshLimits.DefaultMaxConnectedClusters));
    }
}

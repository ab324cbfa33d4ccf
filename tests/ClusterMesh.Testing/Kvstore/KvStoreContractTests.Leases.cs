using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Testing.Kvstore;

/// <summary>Leases: attach, revoke, expiry through <see cref="KvStoreContractTests.AdvanceTimeAsync"/>, keep-alive.</summary>
public abstract partial class KvStoreContractTests
{
    [Fact]
    public async Task A_key_written_with_a_lease_reports_it()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);

        await Store.PutAsync(K("a"), V("x"), lease);

        Assert.True(lease.IsSet);
        Assert.Equal(lease, (await Store.GetAsync(K("a")))!.Lease);
        await Store.RevokeLeaseAsync(lease);
    }

    [Fact]
    public async Task Revoking_a_lease_deletes_its_keys_with_delete_events()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync(K("leased/1"), V("x"), lease);
        await Store.PutAsync(K("leased/2"), V("x"), lease);
        await Store.PutAsync(K("kept"), V("x"));
        await using var watch = Watch(Prefix);
        await watch.TakeThroughSyncedAsync();

        await Store.RevokeLeaseAsync(lease);
        var deletes = await watch.TakeAsync(2);

        Assert.All(deletes, e => Assert.Equal(KvEventKind.Delete, e.Kind));
        Assert.Equal([K("leased/1"), K("leased/2")], deletes.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty((await Store.ListAsync(K("leased/"))).Entries);
        Assert.NotNull(await Store.GetAsync(K("kept")));
    }

    [Fact]
    public async Task An_expired_lease_deletes_its_keys_with_delete_events()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync(K("leased"), V("x"), lease);
        await Store.PutAsync(K("kept"), V("x"));
        await using var watch = Watch(Prefix);
        await watch.TakeThroughSyncedAsync();

        await AdvanceTimeAsync(LeaseTtl + TimeSpan.FromSeconds(1));
        var deleted = await watch.NextAsync();

        Assert.Equal((KvEventKind.Delete, K("leased")), (deleted.Kind, deleted.Key));
        Assert.Null(await Store.GetAsync(K("leased")));
        Assert.NotNull(await Store.GetAsync(K("kept")));
    }

    [Fact]
    public async Task Keep_alive_extends_a_lease()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync(K("leased"), V("x"), lease);

        await AdvanceTimeAsync(LeaseTtl * 0.6);
        await Store.KeepAliveAsync(lease);
        await AdvanceTimeAsync(LeaseTtl * 0.6);
        await Store.KeepAliveAsync(lease);

        Assert.NotNull(await Store.GetAsync(K("leased")));
        await Store.RevokeLeaseAsync(lease);
    }

    [Fact]
    public async Task Keep_alive_of_an_expired_lease_fails_as_not_found()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync(K("leased"), V("x"), lease);
        await using var watch = Watch(Prefix);
        await watch.TakeThroughSyncedAsync();

        await AdvanceTimeAsync(LeaseTtl + TimeSpan.FromSeconds(1));
        await watch.NextAsync();

        await Assert.ThrowsAsync<KvNotFoundException>(() => Store.KeepAliveAsync(lease).AsTask());
    }

    [Fact]
    public async Task Keep_alive_of_a_revoked_lease_fails_as_not_found()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.RevokeLeaseAsync(lease);

        await Assert.ThrowsAsync<KvNotFoundException>(() => Store.KeepAliveAsync(lease).AsTask());
    }

    [Fact]
    public async Task Put_with_a_revoked_lease_fails_as_not_found()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.RevokeLeaseAsync(lease);

        await Assert.ThrowsAsync<KvNotFoundException>(() => Store.PutAsync(K("a"), V("x"), lease).AsTask());
        Assert.Null(await Store.GetAsync(K("a")));
    }

    [Fact]
    public async Task Put_without_a_lease_detaches_the_key_from_its_lease()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync(K("a"), V("leased"), lease);
        await Store.PutAsync(K("a"), V("plain"));

        await Store.RevokeLeaseAsync(lease);

        var entry = await Store.GetAsync(K("a"));
        Assert.Equal(("plain", LeaseId.None), (Text(entry!.Value), entry.Lease));
    }

    [Fact]
    public async Task Create_with_a_lease_attaches_the_key()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        Assert.True(await Store.CreateAsync(K("a"), V("x"), lease));

        await Store.RevokeLeaseAsync(lease);

        Assert.Null(await Store.GetAsync(K("a")));
    }
}

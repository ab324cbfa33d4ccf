using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;

namespace ClusterMesh.Kvstore.Etcd.Tests.Client;

/// <summary>
/// A page of large values is over gRPC's 4 MiB receive limit (40 values of 150 KB in one page of the default
/// thousand keys): the paged reads ask again with smaller pages, and listing and list-then-watch see every key.
/// </summary>
[RequiresEtcd]
public sealed class LargePageTests(EtcdServerFixture etcd) : IClassFixture<EtcdServerFixture>
{
    private const int Keys = 40;

    [Fact]
    public async Task Listing_and_watching_a_prefix_of_large_values_see_every_key()
    {
        string prefix = $"cilium/state/services/v1/large-{Guid.NewGuid():N}/";
        await using var store = new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = [etcd.Server.Endpoint] });
        for (int i = 0; i < Keys; i++)
        {
            var value = new byte[150 * 1024];
            value[0] = (byte)i;
            await store.PutAsync($"{prefix}{i:D2}", value);
        }

        var listed = new List<KvEntry>();
        var page = await store.ListAsync(prefix);
        listed.AddRange(page.Entries);
        while (page.NextKey is { } next)
        {
            page = await store.ListAsync(prefix, new KvListOptions { StartKey = next, Revision = page.Revision });
            listed.AddRange(page.Entries);
        }

        Assert.Equal(Enumerable.Range(0, Keys).Select(i => $"{prefix}{i:D2}"), listed.Select(e => e.Key));
        Assert.All(listed, (entry, i) => Assert.Equal((byte)i, entry.Value.Span[0]));

        var watched = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var change in store.WatchAsync(prefix, 0, stop.Token))
        {
            if (change.Kind == KvEventKind.Synced)
            {
                break;
            }

            Assert.Equal(150 * 1024, change.Value.Length);
            watched.Add(change.Key);
        }

        Assert.Equal(listed.Select(e => e.Key), watched);
    }
}

using System.Text;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Kvstore.Memory.Tests;

/// <summary>Named stores behind <c>memory://</c> endpoints, and the DI registration.</summary>
public sealed class RegistryTests
{
    [Fact]
    public async Task An_endpoint_and_its_name_resolve_to_the_same_store()
    {
        await using var registry = new MemoryKvStoreRegistry();

        var byName = registry.GetOrCreate("cluster2");

        Assert.Same(byName, registry.Resolve("memory://cluster2"));
        Assert.Same(byName, registry.Resolve(new Uri("memory://cluster2/")));
        Assert.Same(byName, registry.Resolve("MEMORY://Cluster2"));
        Assert.Same(byName, registry.Resolve("cluster2"));
        Assert.NotSame(byName, registry.GetOrCreate("cluster3"));
        Assert.Equal(["cluster2", "cluster3"], registry.Names.Order());
    }

    [Fact]
    public async Task TryGet_finds_only_stores_that_exist()
    {
        await using var registry = new MemoryKvStoreRegistry();
        registry.GetOrCreate("a");

        Assert.True(registry.TryGet("a", out var found));
        Assert.Equal("a", found.Name);
        Assert.False(registry.TryGet("b", out _));
    }

    [Theory]
    [InlineData("http://cluster2")]
    [InlineData("memory://")]
    [InlineData("memory://a/b")]
    [InlineData(" ")]
    public void Endpoints_that_name_no_memory_store_are_refused(string endpoint)
    {
        Assert.ThrowsAny<ArgumentException>(() => MemoryKvStoreRegistry.ParseName(endpoint));
    }

    [Fact]
    public async Task A_read_only_connection_sees_the_shared_store_but_cannot_change_it()
    {
        await using var registry = new MemoryKvStoreRegistry();
        await registry.GetOrCreate("remote").PutAsync("k", Encoding.UTF8.GetBytes("v"));
        var remote = registry.Connect("memory://remote", readOnly: true);

        Assert.NotNull(await remote.GetAsync("k"));
        await Assert.ThrowsAsync<KvPermissionDeniedException>(() => remote.PutAsync("k", default).AsTask());
        await remote.DisposeAsync();
        Assert.NotNull(await registry.GetOrCreate("remote").GetAsync("k"));
    }

    [Fact]
    public async Task Stores_take_the_registry_clock_and_options()
    {
        var time = new FakeTimeProvider();
        await using var registry = new MemoryKvStoreRegistry(time, configure: (name, options) => options.DefaultPageSize = name == "small" ? 1 : 100);
        var store = registry.GetOrCreate("small");
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(1));
        await store.PutAsync("a", default, lease);
        await store.PutAsync("b", default);

        Assert.Single((await store.ListAsync("")).Entries);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await store.GetAsync("a"));
    }

    [Fact]
    public async Task AddMemoryKvStore_registers_a_client_of_the_named_store()
    {
        var services = new ServiceCollection().AddMemoryKvStore("cluster1");
        MemoryKvStore store;
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<IKvStore>();
            store = provider.GetRequiredService<MemoryKvStoreRegistry>().GetOrCreate("cluster1");

            await client.PutAsync("k", Encoding.UTF8.GetBytes("v"));

            Assert.Equal("cluster1", client.Name);
            Assert.NotNull(await store.GetAsync("k"));
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync("k").AsTask());
    }

    [Fact]
    public async Task Hosts_that_share_a_registry_instance_share_stores_and_leave_them_running()
    {
        await using var shared = new MemoryKvStoreRegistry();
        var first = new ServiceCollection().AddSingleton(shared).AddMemoryKvStore("cluster1").BuildServiceProvider();
        var second = new ServiceCollection().AddSingleton(shared).AddMemoryKvStore("cluster1").BuildServiceProvider();

        await first.GetRequiredService<IKvStore>().PutAsync("k", Encoding.UTF8.GetBytes("v"));
        await first.DisposeAsync();

        Assert.NotNull(await second.GetRequiredService<IKvStore>().GetAsync("k"));
        await second.DisposeAsync();
    }
}

using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Testing.Kvstore;
using Microsoft.Extensions.Time.Testing;

namespace ClusterMesh.Kvstore.Memory.Tests;

/// <summary>The shared kvstore contract against the memory store, on a fake clock.</summary>
public class MemoryKvStoreContractTests : KvStoreContractTests
{
    protected FakeTimeProvider Time { get; } = new();

    protected override Task<IKvStore> CreateStoreAsync() => Task.FromResult<IKvStore>(new MemoryKvStore("contract", timeProvider: Time));

    protected override Task AdvanceTimeAsync(TimeSpan by)
    {
        Time.Advance(by);
        return Task.CompletedTask;
    }
}

/// <summary>The same contract through a non-owning client view, which must pass everything through unchanged.</summary>
public sealed class MemoryKvStoreClientContractTests : MemoryKvStoreContractTests
{
    private MemoryKvStore? _server;

    protected override Task<IKvStore> CreateStoreAsync()
    {
        _server = new MemoryKvStore("contract-server", timeProvider: Time);
        return Task.FromResult(_server.CreateClient());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _server!.DisposeAsync();
    }
}

using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Tests.Fixtures;
using ClusterMesh.Testing.Kvstore;

namespace ClusterMesh.Kvstore.Etcd.Tests.Contract;

/// <summary>The shared kvstore contract against a real etcd 3.4 (time passes for real: leases use etcd's clock). Pages
/// of five keys, so the watch tests' listings span several pages.</summary>
[RequiresEtcd]
public sealed class EtcdKvStoreContractTests(EtcdServerFixture etcd) : KvStoreContractTests, IClassFixture<EtcdServerFixture>
{
    /// <inheritdoc />
    protected override Task<IKvStore> CreateStoreAsync() =>
        Task.FromResult<IKvStore>(new EtcdKvStore(new EtcdKvStoreOptions { Endpoints = [etcd.Server.Endpoint], Name = "contract", PageSize = 5 }));

    /// <inheritdoc />
    protected override Task AdvanceTimeAsync(TimeSpan by) => Task.Delay(by);
}

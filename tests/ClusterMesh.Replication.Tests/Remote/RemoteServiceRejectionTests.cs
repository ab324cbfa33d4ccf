using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Replication.Remote;
using ClusterMesh.Replication.Tests.Support;
using ClusterMesh.Services.Mcs;
using ClusterMesh.Services.Merge;

namespace ClusterMesh.Replication.Tests.Remote;

/// <summary>
/// Issue 5's bad input through the real mirror: malformed ClusterServices and service exports of a remote are
/// rejected and counted, never merged, and the good ones still arrive.
/// </summary>
public sealed class RemoteServiceRejectionTests : IAsyncLifetime
{
    private readonly RemotePublisher _cluster3 = new("cluster3");
    private readonly WireCodecs _codecs = WireCodecs.For(WireValidationContext.Create("cluster3", 3));
    private readonly GlobalServiceMerger _merger = new("c1");
    private readonly ServiceImportResolver _imports = new();
    private RemoteCluster? _remote;

    public async Task InitializeAsync()
    {
        await _cluster3.Store.PutAsync(KvKeys.ClusterConfig("cluster3"), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ClusterConfig
        {
            Id = 3,
            Capabilities = new ClusterCapabilities { SyncedCanaries = true, MaxConnectedClusters = 255, ServiceExportsEnabled = true },
        }));
        await PutServiceAsync("good", s => { });
        await PutServiceAsync("port-out-of-range", s => s["backends"]!["10.3.0.1"]!["http"]!["Port"] = 70000);
        await PutServiceAsync("bad-address", s => s["backends"] = new JsonObject { ["10.3.0.300"] = new JsonObject { ["http"] = new JsonObject { ["Port"] = 8080, ["Protocol"] = "TCP" } } });
        await PutServiceAsync("key-disagrees", s => s["name"] = "someone-else");
        await PutExportAsync("good", e => { });
        await PutExportAsync("port-zero", e => e["ports"] = new JsonArray(new JsonObject { ["port"] = 0, ["protocol"] = "TCP" }));
        foreach (var prefix in new[] { KvKeys.NodesPrefix, KvKeys.ServicesPrefix, KvKeys.IdentitiesPrefix, KvKeys.IpCachePrefix, KvKeys.ServiceExportsPrefix })
        {
            await _cluster3.Store.PutAsync(KvKeys.SyncedCanary("cluster3", prefix), "2025-01-01T00:00:00Z"u8.ToArray());
        }

        var observers = new RemoteClusterObservers(new RecordingObserver<Node>(), _merger, new RecordingObserver<IdentityEntry>(), new RecordingObserver<IpCacheEntry>())
        {
            ServiceExports = _imports,
        };
        _remote = new RemoteCluster("cluster3", RemoteClusterHarness.Options(), StandardRemoteKinds.Create(observers));
        await _remote.ConnectAsync(_cluster3.Client());
        using var timeout = new CancellationTokenSource(Eventually.Timeout);
        await _remote.WaitUntilReadyAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _remote!.DisposeAsync();
        await _cluster3.DisposeAsync();
    }

    [Fact]
    public void Malformed_services_and_exports_are_rejected_counted_and_never_merged()
    {
        var status = _remote!.GetStatus();
        var services = status.Kinds.Single(k => k.Name == RemoteKindNames.Services);
        Assert.Equal(1, services.Count);
        Assert.Equal(3, services.Rejections.Values.Sum());
        Assert.Equal(2, services.Rejections[RejectReason.InvalidField]);
        Assert.Equal(1, services.Rejections.Where(r => r.Key != RejectReason.InvalidField).Sum(r => r.Value));
        var exports = status.Kinds.Single(k => k.Name == RemoteKindNames.ServiceExports);
        Assert.Equal(1, exports.Count);
        Assert.Equal(1, exports.Rejections[RejectReason.InvalidField]);
        Assert.Equal(["good"], _imports.Snapshot().Select(i => i.Name));
    }

    private async Task PutServiceAsync(string name, Action<JsonObject> corrupt)
    {
        var value = new ClusterService
        {
            Cluster = "cluster3",
            ClusterID = 3,
            Namespace = "default",
            Name = name,
            Backends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>
            {
                ["10.3.0.1"] = new Dictionary<string, PortConfiguration> { ["http"] = new() { Port = 8080, Protocol = "TCP" } },
            },
            Shared = true,
            IncludeExternal = true,
        };
        var json = JsonNode.Parse(_codecs.Services.Encode(value))!.AsObject();
        corrupt(json);
        await _cluster3.Store.PutAsync(KvKeys.Service("cluster3", "default", name), System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private async Task PutExportAsync(string name, Action<JsonObject> corrupt)
    {
        var value = new ServiceExport { Cluster = "cluster3", Namespace = "default", Name = name, ExportCreationTimestamp = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        var json = JsonNode.Parse(_codecs.ServiceExports.Encode(value))!.AsObject();
        corrupt(json);
        await _cluster3.Store.PutAsync(KvKeys.ServiceExport("cluster3", "default", name), System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
    }
}

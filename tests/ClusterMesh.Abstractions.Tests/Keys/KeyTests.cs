using System.Net;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Tests.Keys;

public sealed class KeyTests
{
    [Theory]
    [InlineData("cilium/state/nodes/v1/cluster3/test-node-1", KvKeyKind.Node)]
    [InlineData("cilium/state/services/v1/cluster3/ns-alpha/echo-service", KvKeyKind.Service)]
    [InlineData("cilium/state/serviceexports/v1/cluster1/default/basic", KvKeyKind.ServiceExport)]
    [InlineData("cilium/state/identities/v1/id/196915", KvKeyKind.Identity)]
    [InlineData("cilium/state/identities/v1/value/k8s:app=baz;/172.18.0.2", KvKeyKind.IdentityValue)]
    [InlineData("cilium/state/ip/v1/default/10.244.2.74", KvKeyKind.IpCache)]
    [InlineData("cilium/cluster-config/cluster3", KvKeyKind.ClusterConfig)]
    [InlineData("cilium/synced/cluster3/cilium/state/nodes/v1", KvKeyKind.SyncedCanary)]
    [InlineData("cilium/.heartbeat", KvKeyKind.Heartbeat)]
    [InlineData("cilium/.has-cluster-config", KvKeyKind.HasClusterConfig)]
    [InlineData("cilium/state/nodes/v1", KvKeyKind.Unknown)]
    [InlineData("cilium/state/nodes/v10/a/b", KvKeyKind.Unknown)]
    [InlineData("cilium/state/endpointslices/v1/cluster3/test/echo", KvKeyKind.Unknown)]
    public void Classifies_by_prefix(string key, KvKeyKind kind) => Assert.Equal(kind, KvKeys.Classify(key));

    [Fact]
    public void Node_key()
    {
        var key = NodeKey.Parse("cilium/state/nodes/v1/cluster3/test-node-1");

        Assert.Equal(new NodeKey("cluster3", "test-node-1"), key);
        Assert.Equal("cilium/state/nodes/v1/cluster3/test-node-1", key.ToString());
    }

    [Fact]
    public void Service_and_export_keys()
    {
        Assert.Equal(new ServiceKey("cluster3", "ns", "web"), ServiceKey.Parse("cilium/state/services/v1/cluster3/ns/web"));
        Assert.Equal("cilium/state/serviceexports/v1/c/ns/web", new ServiceExportKey("c", "ns", "web").ToString());
        Assert.False(ServiceKey.TryParse("cilium/state/serviceexports/v1/c/ns/web", out _));
        Assert.False(ServiceExportKey.TryParse("cilium/state/services/v1/c/ns/web", out _));
    }

    [Fact]
    public void Identity_keys()
    {
        Assert.Equal(new IdentityKey(new NumericIdentity(196915)), IdentityKey.Parse("cilium/state/identities/v1/id/196915"));
        Assert.Equal("cilium/state/identities/v1/id/7", new IdentityKey(new NumericIdentity(7)).ToString());

        var value = IdentityValueKey.Parse("cilium/state/identities/v1/value/k8s:app.kubernetes.io/name=x;k8s:a=b;/172.18.0.2");
        Assert.Equal("172.18.0.2", value.Node);
        Assert.Equal("k8s:a=b;k8s:app.kubernetes.io/name=x;", value.Labels.ToKvStoreForm());
    }

    [Fact]
    public void Ipcache_keys_keep_host_and_cidr_forms_apart()
    {
        var host = IpCacheKey.Parse("cilium/state/ip/v1/default/fd00:10:244:1::d643");
        var cidr = IpCacheKey.Parse("cilium/state/ip/v1/default/10.0.0.1/32");

        Assert.False(host.IsCidr);
        Assert.Equal(IpPrefix.Parse("fd00:10:244:1::d643/128"), host.Prefix);
        Assert.True(cidr.IsCidr);
        Assert.Equal("cilium/state/ip/v1/default/10.0.0.1/32", cidr.ToString());
        Assert.NotEqual(IpCacheKey.ForAddress(IPAddress.Parse("10.0.0.1")), cidr);
        Assert.Equal("cilium/state/ip/v1/default/10.0.0.1", IpCacheKey.ForAddress(IPAddress.Parse("10.0.0.1")).ToString());
        Assert.Throws<ArgumentException>(() => new IpCacheKey(IpPrefix.Parse("10.0.0.0/8"), isCidr: false));
    }

    [Fact]
    public void Ipcache_key_of_an_entry_follows_its_mask()
    {
        var entry = new IpCacheEntry { IP = IPAddress.Parse("10.1.0.0"), Mask = [255, 255, 0, 0] };

        Assert.Equal("cilium/state/ip/v1/default/10.1.0.0/16", IpCacheKey.Of(entry).ToString());
        Assert.Equal("cilium/state/ip/v1/default/10.1.0.0", IpCacheKey.Of(entry with { Mask = null }).ToString());
    }

    [Fact]
    public void Cluster_config_synced_and_heartbeat_keys()
    {
        Assert.Equal("cluster3", ClusterConfigKey.Parse("cilium/cluster-config/cluster3").Cluster);

        var canary = SyncedCanaryKey.Parse("cilium/synced/cluster2/cilium/cache/nodes/v1");
        Assert.Equal(new SyncedCanaryKey("cluster2", "cilium/cache/nodes/v1"), canary);
        Assert.Equal("cilium/synced/cluster2/cilium/cache/nodes/v1", canary.ToString());

        Assert.Equal(HeartbeatKey.Instance, HeartbeatKey.Parse("cilium/.heartbeat"));
        Assert.Equal("cilium/.heartbeat", HeartbeatKey.Instance.ToString());
    }

    [Theory]
    [InlineData("cilium/state/nodes/v1/cluster3")]
    [InlineData("cilium/state/nodes/v1/cluster3/")]
    [InlineData("cilium/state/nodes/v1//node")]
    [InlineData("cilium/state/nodes/v1/cluster3/node/extra")]
    [InlineData("cilium/state/nodes/v1x/cluster3/node")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_node_keys_do_not_parse(string? key)
    {
        Assert.False(NodeKey.TryParse(key, out _));
        if (key is not null)
        {
            Assert.Throws<FormatException>(() => NodeKey.Parse(key));
        }
    }

    [Theory]
    [InlineData("cilium/state/identities/v1/id/")]
    [InlineData("cilium/state/identities/v1/id/-1")]
    [InlineData("cilium/state/identities/v1/id/0196915")]
    [InlineData("cilium/state/identities/v1/id/99999999999")]
    [InlineData("cilium/state/identities/v1/value/k8s:a=b;")]
    [InlineData("cilium/state/ip/v1/default/")]
    [InlineData("cilium/state/ip/v1/other/10.0.0.1")]
    [InlineData("cilium/state/ip/v1/default/10.0.0.1/33")]
    [InlineData("cilium/synced/cluster3")]
    [InlineData("cilium/synced/cluster3/")]
    [InlineData("cilium/cluster-config/a/b")]
    [InlineData("cilium/.heartbeat/x")]
    public void Malformed_keys_of_other_kinds_do_not_parse(string key)
    {
        Assert.False(IdentityKey.TryParse(key, out _));
        Assert.False(IdentityValueKey.TryParse(key, out _));
        Assert.False(IpCacheKey.TryParse(key, out _));
        Assert.False(SyncedCanaryKey.TryParse(key, out _));
        Assert.False(ClusterConfigKey.TryParse(key, out _));
        Assert.False(HeartbeatKey.TryParse(key, out _));
    }

    [Fact]
    public void Key_parts_must_be_path_segments()
    {
        Assert.Throws<ArgumentException>(() => new NodeKey("cluster3", "a/b"));
        Assert.Throws<ArgumentException>(() => new ServiceKey("cluster3", "", "web"));
        Assert.ThrowsAny<ArgumentException>(() => new ClusterConfigKey(null!));
        Assert.Throws<ArgumentException>(() => new SyncedCanaryKey("cluster3", "/cilium/state"));
    }
}

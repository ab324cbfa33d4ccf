using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Tests.Support;
using ClusterMesh.Abstractions.Wire;
using static ClusterMesh.Abstractions.Tests.Support.Samples;

namespace ClusterMesh.Abstractions.Tests.Wire;

/// <summary>Each way a value can be wrong ends in a <see cref="WireValidationException"/> naming the key and the reason.</summary>
public sealed class RejectionTests
{
    private static readonly WireCodecs C = Cluster3();

    private static readonly Dictionary<string, (RejectReason Reason, string Key, Action<string> Decode)> Cases = new()
    {
        ["truncated JSON"] = (RejectReason.MalformedValue, NodeKey, k => C.Nodes.Decode(k, Utf8("{\"Name\":"))),
        ["JSON null"] = (RejectReason.MalformedValue, NodeKey, k => C.Nodes.Decode(k, Utf8("null"))),
        ["wrong JSON type"] = (RejectReason.MalformedValue, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["ID"] = "many"))),
        ["invalid UTF-8"] = (RejectReason.MalformedValue, NodeKey, k => C.Nodes.Decode(k, [.. Utf8("{\"Name\":\""), 0xC3, 0x28, .. Utf8("\"}")])),
        ["invalid UTF-8 in an ipcache address"] = (RejectReason.MalformedValue, IpKey, k => C.IpCache.Decode(k, [.. Utf8("{\"IP\":\"10.244.2.7"), 0xC3, 0x28, .. Utf8("\"}")])),
        ["invalid UTF-8 in an ipcache namespace"] = (RejectReason.MalformedValue, IpKey, k => C.IpCache.Decode(k, [.. Utf8("{\"IP\":\"10.244.2.74\",\"K8sNamespace\":\""), 0xC3, 0x28, .. Utf8("\"}")])),
        ["labels without source"] = (RejectReason.MalformedValue, IdentityKey, k => C.Identities.Decode(k, Utf8("app=baz;"))),
        ["empty label list"] = (RejectReason.MalformedValue, IdentityKey, k => C.Identities.Decode(k, Utf8(""))),
        ["heartbeat not a time"] = (RejectReason.MalformedValue, "cilium/.heartbeat", k => KvText.DecodeTimestamp(k, Utf8("yesterday"))),
        ["identity value not decimal"] = (RejectReason.MalformedValue, "cilium/state/identities/v1/value/k8s:a=b;/10.0.0.1", k => KvText.DecodeIdentity(k, Utf8("0x10"))),

        ["unknown top-level field"] = (RejectReason.UnknownField, NodeKey, k => C.Nodes.Decode(k, Node(o => o["Surprise"] = 1))),
        ["unknown field in a CIDR"] = (RejectReason.UnknownField, NodeKey, k => C.Nodes.Decode(k, Node(o => o["IPv4AllocCIDR"]!["Len"] = 24))),
        ["unknown field in a named port"] = (RejectReason.UnknownField, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["NamedPorts"]![0]!["Scope"] = "x"))),
        ["unknown field in capabilities"] = (RejectReason.UnknownField, ConfigKey, k => C.ClusterConfig.Decode(k, Config(o => o["capabilities"]!["warp"] = true))),

        ["oversized"] = (RejectReason.Oversized, NodeKey, k => Cluster3(maxValueBytes: 64).Nodes.Decode(k, Node())),

        ["node key without name"] = (RejectReason.MalformedKey, "cilium/state/nodes/v1/cluster3", k => C.Nodes.Decode(k, Node())),
        ["node key with extra segment"] = (RejectReason.MalformedKey, "cilium/state/nodes/v1/cluster3/node-1/x", k => C.Nodes.Decode(k, Node())),
        ["ipcache key not an address"] = (RejectReason.MalformedKey, "cilium/state/ip/v1/default/10.1", k => C.IpCache.Decode(k, IpCache())),
        ["identity key not a number"] = (RejectReason.MalformedKey, "cilium/state/identities/v1/id/abc", k => C.Identities.Decode(k, Utf8(IdentityLabels))),
        ["service key under nodes"] = (RejectReason.MalformedKey, NodeKey, k => C.Services.Decode(k, Service())),

        ["node name differs from key"] = (RejectReason.KeyMismatch, "cilium/state/nodes/v1/cluster3/node-9", k => C.Nodes.Decode(k, Node())),
        ["service namespace differs from key"] = (RejectReason.KeyMismatch, "cilium/state/services/v1/cluster3/other/web", k => C.Services.Decode(k, Service())),
        ["export name differs from key"] = (RejectReason.KeyMismatch, "cilium/state/serviceexports/v1/cluster3/ns/api", k => C.ServiceExports.Decode(k, Export())),
        ["ipcache address differs from key"] = (RejectReason.KeyMismatch, "cilium/state/ip/v1/default/10.244.2.75", k => C.IpCache.Decode(k, IpCache())),
        ["ipcache CIDR key for a host value"] = (RejectReason.KeyMismatch, "cilium/state/ip/v1/default/10.244.2.74/32", k => C.IpCache.Decode(k, IpCache())),

        ["key of another cluster"] = (RejectReason.ForeignCluster, "cilium/state/nodes/v1/cluster2/node-1", k => C.Nodes.Decode(k, Node(o => o["Cluster"] = "cluster2"))),
        ["node value of another cluster"] = (RejectReason.ForeignCluster, NodeKey, k => C.Nodes.Decode(k, Node(o => o["Cluster"] = "cluster9"))),
        ["service value of another cluster"] = (RejectReason.ForeignCluster, ServiceKey, k => C.Services.Decode(k, Service(o => o["cluster"] = "cluster9"))),
        ["export value of another cluster"] = (RejectReason.ForeignCluster, ExportKey, k => C.ServiceExports.Decode(k, Export(o => o["cluster"] = "cluster9"))),
        ["identity labelled with another cluster"] = (RejectReason.ForeignCluster, IdentityKey, k => C.Identities.Decode(k, Utf8(IdentityLabels.Replace("cluster3", "cluster9", StringComparison.Ordinal)))),
        ["config of another cluster"] = (RejectReason.ForeignCluster, "cilium/cluster-config/cluster2", k => C.ClusterConfig.Decode(k, Config())),

        ["node cluster ID not the source's"] = (RejectReason.InvalidClusterId, NodeKey, k => C.Nodes.Decode(k, Node(o => o["ClusterID"] = 4))),
        ["service cluster ID zero"] = (RejectReason.InvalidClusterId, ServiceKey, k => C.Services.Decode(k, Service(o => o["clusterID"] = 0))),
        ["config ID beyond the mesh"] = (RejectReason.InvalidClusterId, ConfigKey, k => C.ClusterConfig.Decode(k, Config(o => o["id"] = 300))),
        ["config ID not the source's"] = (RejectReason.InvalidClusterId, ConfigKey, k => C.ClusterConfig.Decode(k, Config(o => o["id"] = 4))),

        ["identity of another cluster's range"] = (RejectReason.IdentityOutOfRange, "cilium/state/identities/v1/id/262451", k => C.Identities.Decode(k, Utf8(IdentityLabels))),
        ["reserved identity under id/"] = (RejectReason.IdentityOutOfRange, "cilium/state/identities/v1/id/2", k => C.Identities.Decode(k, Utf8(IdentityLabels))),
        ["ipcache identity of another cluster"] = (RejectReason.IdentityOutOfRange, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["ID"] = (4 << 16) + 300))),
        ["ipcache identity zero"] = (RejectReason.IdentityOutOfRange, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["ID"] = 0))),

        ["service port above 65535"] = (RejectReason.InvalidField, ServiceKey, k => C.Services.Decode(k, Service(o => o["backends"]!["10.244.1.10"]!["http"]!["Port"] = 70000))),
        ["named port negative"] = (RejectReason.InvalidField, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["NamedPorts"]![0]!["Port"] = -1))),
        ["export port zero"] = (RejectReason.InvalidField, ExportKey, k => C.ServiceExports.Decode(k, Export(o => o["ports"]![0]!["port"] = 0))),
        ["empty node name"] = (RejectReason.InvalidField, NodeKey, k => C.Nodes.Decode(k, Node(o => o["Name"] = ""))),
        ["empty service namespace"] = (RejectReason.InvalidField, ServiceKey, k => C.Services.Decode(k, Service(o => o["namespace"] = ""))),
        ["address out of range"] = (RejectReason.InvalidField, NodeKey, k => C.Nodes.Decode(k, Node(o => o["IPv4HealthIP"] = "10.0.0.256"))),
        ["address in .NET shorthand"] = (RejectReason.InvalidField, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["HostIP"] = "127.1"))),
        ["non-contiguous mask"] = (RejectReason.InvalidField, NodeKey, k => C.Nodes.Decode(k, Node(o => o["IPv4AllocCIDR"]!["Mask"] = "/wD/AA=="))),
        ["IPv6 CIDR in the IPv4 field"] = (RejectReason.InvalidField, NodeKey, k => C.Nodes.Decode(k, Node(o => o["IPv4AllocCIDR"] = JsonNode.Parse("{\"IP\":\"fd00::\",\"Mask\":\"//////////8AAAAAAAAAAA==\"}")))),
        ["frontend not an address"] = (RejectReason.InvalidField, ServiceKey, k => C.Services.Decode(k, Service(o => o["frontends"] = JsonNode.Parse("{\"web\":{}}")))),
        ["export type unknown"] = (RejectReason.InvalidField, ExportKey, k => C.ServiceExports.Decode(k, Export(o => o["type"] = "LoadBalancer"))),
        ["export without creation time"] = (RejectReason.InvalidField, ExportKey, k => C.ServiceExports.Decode(k, Export(o => o["exportCreationTimestamp"] = null))),
        ["export time not RFC 3339"] = (RejectReason.InvalidField, ExportKey, k => C.ServiceExports.Decode(k, Export(o => o["exportCreationTimestamp"] = "01/01/2026"))),
        ["identity without cluster label"] = (RejectReason.InvalidField, IdentityKey, k => C.Identities.Decode(k, Utf8("k8s:app=baz;"))),
        ["config mesh size differs"] = (RejectReason.InvalidField, ConfigKey, k => C.ClusterConfig.Decode(k, Config(o => o["capabilities"]!["maxConnectedClusters"] = 511))),
        ["named port without name"] = (RejectReason.InvalidField, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["NamedPorts"]![0]!.AsObject().Remove("Name")))),
        ["named port null"] = (RejectReason.InvalidField, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["NamedPorts"]![0] = null))),
        ["named ports not a list"] = (RejectReason.MalformedValue, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["NamedPorts"] = "http"))),
        ["ipcache without IP"] = (RejectReason.InvalidField, IpKey, k => C.IpCache.Decode(k, IpCache(o => o["IP"] = ""))),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Rejection_carries_key_and_reason(string name)
    {
        var (reason, key, decode) = Cases[name];

        var error = Assert.Throws<WireValidationException>(() => decode(key));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Detail));
    }

    [Fact]
    public void Every_reject_reason_has_a_case() =>
        Assert.Equal(Enum.GetValues<RejectReason>().Order(), Cases.Values.Select(c => c.Reason).Distinct().Order());

    [Fact]
    public void The_unmodified_samples_are_accepted()
    {
        C.Nodes.Decode(NodeKey, Node());
        C.IpCache.Decode(IpKey, IpCache());
        C.Services.Decode(ServiceKey, Service());
        C.ServiceExports.Decode(ExportKey, Export());
        C.ClusterConfig.Decode(ConfigKey, Config());
        Assert.Equal(3, C.Identities.Decode(IdentityKey, Utf8(IdentityLabels)).Labels.Count);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(6u)]
    [InlineData(255u)]
    public void Ipcache_entries_may_carry_reserved_identities(uint reserved)
    {
        var entry = C.IpCache.Decode(IpKey, IpCache(o => o["ID"] = reserved));

        Assert.Equal(reserved, entry.ID.Value);
    }

    [Fact]
    public void Ipcache_entry_without_host_is_accepted()
    {
        var entry = C.IpCache.Decode(IpKey, IpCache(o => o["HostIP"] = ""));

        Assert.Null(entry.HostIP);
    }

    [Fact]
    public void A_context_without_a_known_cluster_id_still_accepts_the_cluster_config()
    {
        var codecs = WireCodecs.For(WireValidationContext.Create("cluster3", 0));

        Assert.Equal(3, codecs.ClusterConfig.Decode(ConfigKey, Config()).Id);
    }

    [Fact]
    public void Legacy_export_labels_are_taken_over()
    {
        var export = C.ServiceExports.Decode(ExportKey, Export(o => o["Labels"] = JsonNode.Parse("{\"team\":\"a\"}")));

        Assert.Equal("a", export.Labels!["team"]);
    }
}

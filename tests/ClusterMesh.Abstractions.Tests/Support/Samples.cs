using System.Text;
using System.Text.Json.Nodes;
using ClusterMesh.Abstractions.Wire;

namespace ClusterMesh.Abstractions.Tests.Support;

/// <summary>Small valid values of cluster3 (ID 3) to mutate into invalid ones.</summary>
public static class Samples
{
    public const string NodeKey = "cilium/state/nodes/v1/cluster3/node-1";
    public const string ServiceKey = "cilium/state/services/v1/cluster3/ns/web";
    public const string ExportKey = "cilium/state/serviceexports/v1/cluster3/ns/web";
    public const string IpKey = "cilium/state/ip/v1/default/10.244.2.74";
    public const string ConfigKey = "cilium/cluster-config/cluster3";
    public const string IdentityKey = "cilium/state/identities/v1/id/196915";
    public const string IdentityLabels = "k8s:app=baz;k8s:io.cilium.k8s.policy.cluster=cluster3;k8s:io.kubernetes.pod.namespace=bar;";

    public static WireCodecs Cluster3(int maxValueBytes = WireValidationContext.DefaultMaxValueBytes) =>
        WireCodecs.For(WireValidationContext.Create("cluster3", 3, maxValueBytes: maxValueBytes));

    public static byte[] Node(Action<JsonObject>? edit = null) => Edit("""
        {"Name":"node-1","Cluster":"cluster3",
         "IPAddresses":[{"Type":"InternalIP","IP":"172.18.0.2"},{"Type":"CiliumInternalIP","IP":"fd00:10:244::e2d6"}],
         "IPv4AllocCIDR":{"IP":"10.244.0.0","Mask":"////AA=="},"IPv4SecondaryAllocCIDRs":null,
         "IPv6AllocCIDR":{"IP":"fd00:10:244::","Mask":"//////////8AAAAAAAAAAA=="},"IPv6SecondaryAllocCIDRs":null,
         "IPv4HealthIP":"10.244.0.134","IPv6HealthIP":"","IPv4IngressIP":"","IPv6IngressIP":"",
         "ClusterID":3,"Source":"custom-resource","EncryptionKey":0,"Labels":{"kubernetes.io/hostname":"node-1"},
         "Annotations":null,"WireguardPubKey":"","BootID":"570d3fd1"}
        """, edit);

    public static byte[] IpCache(Action<JsonObject>? edit = null) => Edit("""
        {"IP":"10.244.2.74","HostIP":"172.18.0.2","ID":199475,"Key":0,"Metadata":"","K8sNamespace":"bar",
         "K8sPodName":"cep-002","NamedPorts":[{"Name":"http","Port":8080,"Protocol":"TCP"}]}
        """, edit);

    public static byte[] Service(Action<JsonObject>? edit = null) => Edit("""
        {"cluster":"cluster3","namespace":"ns","name":"web",
         "frontends":{"10.96.0.10":{"http":{"Protocol":"TCP","Port":80}}},
         "backends":{"10.244.1.10":{"http":{"Protocol":"TCP","Port":8080}}},
         "labels":{},"selector":{"app":"web"},"includeExternal":true,"shared":true,"clusterID":3}
        """, edit);

    public static byte[] Export(Action<JsonObject>? edit = null) => Edit("""
        {"cluster":"cluster3","name":"web","namespace":"ns","exportCreationTimestamp":"2026-01-01T00:00:00Z",
         "ports":[{"name":"http","protocol":"TCP","port":80}],"type":"ClusterSetIP","sessionAffinity":"None"}
        """, edit);

    public static byte[] Config(Action<JsonObject>? edit = null) => Edit("""
        {"id":3,"capabilities":{"syncedCanaries":true,"maxConnectedClusters":255,"serviceExportsEnabled":false}}
        """, edit);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Edit(string json, Action<JsonObject>? edit)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        edit?.Invoke(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}

using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Replication.Publishing;

namespace ClusterMesh.Kvstore.Etcd.Tests.Mesh;

/// <summary>States of the remote cluster c2 (ID 2) as its publisher sees them: nodes, pods and shared services.</summary>
internal static class MeshSnapshots
{
    public const string Remote = "c2";
    public const int RemoteId = 2;
    public const int LabelSets = 4;

    /// <summary>A state with <paramref name="nodes"/> nodes, pods numbered <paramref name="pods"/> and services;
    /// <paramref name="generation"/> changes every pod's UID (a changed value under the same key).</summary>
    public static ClusterSnapshot Create(int nodes, IEnumerable<int> pods, int services, int generation = 0) => new(
        Enumerable.Range(0, nodes).Select(NodeOf).ToList(),
        pods.Select(i => Pod(i, nodes, generation)).ToList(),
        Enumerable.Range(0, services).Select(Service).ToList());

    public static ClusterSnapshot Create(int nodes, int pods, int services, int generation = 0) =>
        Create(nodes, Enumerable.Range(0, pods), services, generation);

    public static IPAddress NodeIp(int node) => IPAddress.Parse($"192.168.2.{node + 1}");

    public static IPAddress PodIp(int pod) => IPAddress.Parse($"10.2.{pod / 200}.{(pod % 200) + 10}");

    public static LabelSet Labels(int set) =>
        LabelSet.ParseKvStoreForm($"k8s:app=app{set};k8s:io.cilium.k8s.policy.cluster={Remote};k8s:io.kubernetes.pod.namespace=default;");

    public static Node NodeOf(int node) => new()
    {
        Name = $"n{node}",
        Cluster = Remote,
        ClusterID = RemoteId,
        IPAddresses = [new NodeAddress { Type = NodeAddress.InternalIP, IP = NodeIp(node) }],
        IPv4AllocCIDR = IpPrefix.Parse($"10.2.{100 + node}.0/24"),
    };

    public static PodEndpoint Pod(int pod, int nodes, int generation) => new(
        PodIp(pod), "default", $"pod{pod}", $"uid-{pod}-g{generation}", $"n{pod % nodes}", NodeIp(pod % nodes), "default", Labels(pod % LabelSets), []);

    public static ClusterService Service(int service) => new()
    {
        Cluster = Remote,
        Namespace = "default",
        Name = $"svc{service}",
        ClusterID = RemoteId,
        Shared = true,
        Frontends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>
        {
            [$"10.96.0.{service + 1}"] = new Dictionary<string, PortConfiguration> { ["http"] = new() { Protocol = "TCP", Port = 80 } },
        },
        Backends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>
        {
            [PodIp(service).ToString()] = new Dictionary<string, PortConfiguration> { ["http"] = new() { Protocol = "TCP", Port = 8080 } },
        },
    };
}

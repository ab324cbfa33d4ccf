using System.Globalization;
using System.Net;
using System.Text;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;
using ClusterMesh.Benchmarks.Data;

namespace ClusterMesh.Benchmarks.Etcd;

/// <summary>
/// The state of one of the remote clusters of the etcd sync benchmark (<c>cluster&lt;2+k&gt;</c>, ID 2+k), in
/// Cilium's wire format encoded by the project's codecs: its share of the scale-test totals (nodes with a /24 pod
/// CIDR, identities in its ID range, one ipcache entry per pod, shared global services), then its configuration,
/// heartbeat and synced canaries. Addresses are unique across clusters, since one agent mirrors them all.
/// </summary>
internal sealed class EtcdMeshData
{
    private const int Namespaces = 50;

    public EtcdMeshData(int index, int ipcache, int nodes, int identities, int services)
    {
        if (ipcache / nodes > 240 || (index * 10) + ((nodes - 1) >> 8) > 255 || identities > 65_535 - 256)
        {
            throw new ArgumentOutOfRangeException(nameof(nodes), "too many pods per node or nodes per cluster");
        }

        Index = index;
        Name = $"cluster{index + 2}";
        Id = index + 2;
        (IpCache, Nodes, Identities, Services) = (ipcache, nodes, identities, services);
        Codecs = WireCodecs.For(WireValidationContext.Create(Name, Id));
    }

    public int Index { get; }

    public string Name { get; }

    public int Id { get; }

    public int IpCache { get; }

    public int Nodes { get; }

    public int Identities { get; }

    public int Services { get; }

    public WireCodecs Codecs { get; }

    public int Keys => IpCache + Nodes + Identities + Services;

    /// <summary>The prefixes an agent lists, with the number of keys each holds.</summary>
    public IReadOnlyList<(string Prefix, int Keys)> Prefixes =>
    [
        (KvKeys.ClusterScoped(KvKeys.NodesPrefix, Name), Nodes),
        (KvKeys.ClusterScoped(KvKeys.ServicesPrefix, Name), Services),
        ($"{KvKeys.IdentitiesPrefix}/id/", Identities),
        ($"{KvKeys.IpCachePrefix}/{KvKeys.IpCacheNamespace}/", IpCache),
    ];

    /// <summary>Every value, then the configuration, heartbeat and canaries (written last, as a publisher does).</summary>
    public IEnumerable<KvPair> AllPairs()
    {
        for (var i = 0; i < Identities; i++)
        {
            var identity = Identity(i);
            yield return new(Codecs.Identities.KeyOf(identity), Codecs.Identities.Encode(identity));
        }

        for (var i = 0; i < Nodes; i++)
        {
            var node = Node(i);
            yield return new(Codecs.Nodes.KeyOf(node), Codecs.Nodes.Encode(node));
        }

        for (var i = 0; i < Services; i++)
        {
            var service = Service(i);
            yield return new(Codecs.Services.KeyOf(service), Codecs.Services.Encode(service));
        }

        for (var i = 0; i < IpCache; i++)
        {
            yield return PodPair(i, 0);
        }

        var config = new ClusterConfig
        {
            Id = Id,
            Capabilities = new ClusterCapabilities { SyncedCanaries = true, MaxConnectedClusters = MeshLimits.DefaultMaxConnectedClusters, ServiceExportsEnabled = false },
        };
        yield return new(KvKeys.ClusterConfig(Name), Codecs.ClusterConfig.Encode(config));
        var now = Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        yield return new(KvKeys.HasClusterConfig, "true"u8.ToArray());
        yield return new(KvKeys.Heartbeat, now);
        foreach (var prefix in RemoteStoreSeeder.CanaryPrefixes)
        {
            yield return new(KvKeys.SyncedCanary(Name, prefix), now);
        }
    }

    /// <summary>Pod <paramref name="index"/>'s ipcache entry; <paramref name="generation"/> moves it to another identity.</summary>
    public KvPair PodPair(int index, int generation) => PodPair(index, generation, out _);

    public KvPair PodPair(int index, int generation, out IpCacheEntry entry)
    {
        entry = Pod(index, generation);
        return new(Codecs.IpCache.KeyOf(entry), Codecs.IpCache.Encode(entry));
    }

    public IpCacheEntry Pod(int index, int generation)
    {
        var node = index % Nodes;
        var identity = (index + generation) % Identities;
        return new IpCacheEntry
        {
            IP = PodAddress(node, 10 + (index / Nodes)),
            HostIP = NodeIp(node),
            ID = IdentityId(identity),
            K8sNamespace = $"ns-{identity % Namespaces}",
            K8sPodName = $"app-{identity}-7d9f8c6b5-{index:x6}",
            K8sPodUID = new Guid(Index, (short)(index >> 16), (short)index, 0x50, 0, 0, 0, 0, 0, 0, (byte)generation).ToString(),
            K8sServiceAccount = $"sa-{identity}",
            NamedPorts = index % 2 == 0 ? [new NamedPort { Name = "http", Port = 8080, Protocol = "TCP" }] : null,
        };
    }

    private NumericIdentity IdentityId(int index) => NumericIdentity.Create(new ClusterId(Id), NumericIdentity.MinimalAllocationIdentity + (uint)index);

    private IdentityEntry Identity(int index)
    {
        var ns = $"ns-{index % Namespaces}";
        return new IdentityEntry(IdentityId(index), LabelSet.From(
        [
            new Label(Label.SourceK8s, "app", $"app-{index}"),
            new Label(Label.SourceK8s, "io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name", ns),
            new Label(Label.SourceK8s, Label.ClusterKey, Name),
            new Label(Label.SourceK8s, Label.ServiceAccountKey, $"sa-{index}"),
            new Label(Label.SourceK8s, Label.NamespaceKey, ns),
        ]));
    }

    private Node Node(int index) => new()
    {
        Name = $"node-{index:D5}",
        Cluster = Name,
        ClusterID = Id,
        IPAddresses = [new NodeAddress { Type = NodeAddress.InternalIP, IP = NodeIp(index) }],
        IPv4AllocCIDR = new IpPrefix(PodAddress(index, 0), 24),
        Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = $"node-{index:D5}", ["topology.kubernetes.io/zone"] = $"zone-{index % 3}" },
    };

    private ClusterService Service(int index) => new()
    {
        Cluster = Name,
        Namespace = $"ns-{index % Namespaces}",
        Name = $"svc-{index}",
        ClusterID = Id,
        Shared = true,
        Frontends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>
        {
            [$"10.{96 + (index >> 16)}.{(byte)(index >> 8)}.{(byte)index}"] = Ports(80),
        },
        Backends = Enumerable.Range(0, 3).ToDictionary(
            b => PodAddress((index * 3 + b) % Nodes, 10).ToString(),
            _ => Ports(8080)),
    };

    private static IReadOnlyDictionary<string, PortConfiguration> Ports(ushort port) =>
        new Dictionary<string, PortConfiguration> { ["http"] = new() { Protocol = "TCP", Port = port } };

    private IPAddress NodeIp(int node) => new([172, (byte)(16 + Index), (byte)(node >> 8), (byte)node]);

    private IPAddress PodAddress(int node, int host) => new([10, (byte)((Index * 10) + (node >> 8)), (byte)node, (byte)host]);
}

using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;

namespace ClusterMesh.Benchmarks.Data;

/// <summary>
/// The state of the "remote cluster" (cluster2, ID 2) in Cilium's format, encoded with the project's codecs:
/// nodes with a /24 pod CIDR each, identities in cluster 2's range with a realistic label set, and one ipcache
/// entry per pod whose HostIP is its node's InternalIP and whose identity is in cluster 2's range (and, for codec
/// micro-benchmarks, global services over those pods). Every object is
/// generated on demand from its index (deterministically), so the harness holds none of them while the pipeline
/// runs: a large live harness heap would make every full GC of the measured process slower.
/// </summary>
internal sealed class RemoteClusterData
{
    public const string ClusterName = "cluster2";
    public const int ClusterIdValue = 2;
    public const string LocalClusterName = "cluster1";
    public const int LocalClusterIdValue = 1;
    private const int Namespaces = 500;

    private RemoteClusterData(ScaleTotals totals)
    {
        Totals = totals;
        Codecs = WireCodecs.For(WireValidationContext.Create(ClusterName, ClusterIdValue));
    }

    public ScaleTotals Totals { get; }

    public WireCodecs Codecs { get; }

    public static RemoteClusterData Create(ScaleTotals totals)
    {
        if (totals.Identities > 65_535 - 256 || totals.Nodes > 65_536 || totals.IpCacheEntries / totals.Nodes > 240)
        {
            throw new ArgumentOutOfRangeException(nameof(totals), totals, "too large for one cluster's identity range or /24 pod CIDRs");
        }

        return new RemoteClusterData(totals);
    }

    public static IPAddress NodeIp(int node) => new([172, (byte)(16 + (node >> 16)), (byte)(node >> 8), (byte)node]);

    public KvPair IdentityPair(int index)
    {
        var identity = Identity(index);
        return new(Codecs.Identities.KeyOf(identity), Codecs.Identities.Encode(identity));
    }

    public KvPair NodePair(int index)
    {
        var node = Node(index);
        return new(Codecs.Nodes.KeyOf(node), Codecs.Nodes.Encode(node));
    }

    public KvPair PodPair(int index) => Encode(Pod(index));

    public KvPair ServicePair(int index)
    {
        var service = Service(index);
        return new(Codecs.Services.KeyOf(service), Codecs.Services.Encode(service));
    }

    /// <summary>Pod <paramref name="index"/> moved to another identity: a changed value under the same key.</summary>
    public KvPair ChangedPod(int index, int generation, out IpCacheEntry changed)
    {
        changed = Pod(index) with { ID = IdentityId((index + generation) % Totals.Identities) };
        return Encode(changed);
    }

    public static NumericIdentity IdentityId(int index) =>
        NumericIdentity.Create(new ClusterId(ClusterIdValue), NumericIdentity.MinimalAllocationIdentity + (uint)index);

    public IdentityEntry Identity(int index)
    {
        var ns = $"ns-{index % Namespaces}";
        var labels = LabelSet.From(
        [
            new Label(Label.SourceK8s, "app", $"app-{index}"),
            new Label(Label.SourceK8s, "version", $"v{index % 3}"),
            new Label(Label.SourceK8s, "io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name", ns),
            new Label(Label.SourceK8s, Label.ClusterKey, ClusterName),
            new Label(Label.SourceK8s, Label.ServiceAccountKey, $"sa-{index}"),
            new Label(Label.SourceK8s, Label.NamespaceKey, ns),
        ]);
        return new IdentityEntry(IdentityId(index), labels);
    }

    public Node Node(int index)
    {
        var name = $"node-{index:D5}";
        return new Node
        {
            Name = name,
            Cluster = ClusterName,
            ClusterID = ClusterIdValue,
            IPAddresses =
            [
                new NodeAddress { Type = NodeAddress.InternalIP, IP = NodeIp(index) },
                new NodeAddress { Type = NodeAddress.CiliumInternalIP, IP = PodAddress(index, 1) },
            ],
            IPv4AllocCIDR = new IpPrefix(PodAddress(index, 0), 24),
            IPv4HealthIP = PodAddress(index, 2),
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/hostname"] = name,
                ["kubernetes.io/os"] = "linux",
                ["topology.kubernetes.io/zone"] = $"zone-{index % 3}",
            },
            BootID = DeterministicGuid(0x4e, index).ToString(),
        };
    }

    public IpCacheEntry Pod(int index)
    {
        var node = index % Totals.Nodes;
        var slot = index / Totals.Nodes;
        var identityIndex = index % Totals.Identities;
        return new IpCacheEntry
        {
            IP = PodAddress(node, 10 + slot),
            HostIP = NodeIp(node),
            ID = IdentityId(identityIndex),
            K8sNamespace = $"ns-{identityIndex % Namespaces}",
            K8sPodName = $"app-{identityIndex}-7d9f8c6b5-{index:x6}",
            K8sPodUID = DeterministicGuid(0x50, index).ToString(),
            K8sServiceAccount = $"sa-{identityIndex}",
            NamedPorts = index % 2 == 0 ? [new NamedPort { Name = "http", Port = 8080, Protocol = "TCP" }] : null,
        };
    }

    /// <summary>A shared global service as Cilium exports one: a ClusterIP frontend and three pod backends on port
    /// "http", its selector and labels.</summary>
    public ClusterService Service(int index) => new()
    {
        Cluster = ClusterName,
        Namespace = $"ns-{index % Namespaces}",
        Name = $"svc-{index}",
        ClusterID = ClusterIdValue,
        IncludeExternal = true,
        Shared = true,
        Frontends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>
        {
            [$"10.{96 + (index >> 16)}.{(byte)(index >> 8)}.{(byte)index}"] = HttpPort(80),
        },
        Backends = Enumerable.Range(0, 3).ToDictionary(
            b => PodAddress((index + b) % Totals.Nodes, 10 + b).ToString(),
            _ => HttpPort(8080)),
        Labels = new Dictionary<string, string> { ["app"] = $"app-{index}" },
        Selector = new Dictionary<string, string> { ["app"] = $"app-{index}" },
    };

    private KvPair Encode(IpCacheEntry pod) => new(Codecs.IpCache.KeyOf(pod), Codecs.IpCache.Encode(pod));

    private static IReadOnlyDictionary<string, PortConfiguration> HttpPort(ushort port) =>
        new Dictionary<string, PortConfiguration> { ["http"] = new() { Protocol = "TCP", Port = port } };

    private static IPAddress PodAddress(int node, int host) => new([10, (byte)(node >> 8), (byte)node, (byte)host]);

    private static Guid DeterministicGuid(byte kind, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        bytes[0] = kind;
        BitConverter.TryWriteBytes(bytes[12..], index);
        return new Guid(bytes);
    }
}

using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;

namespace ClusterMesh.Benchmarks.Data;

/// <summary>
/// The state of the "remote cluster" (cluster2, ID 2) in Cilium's format, encoded with the project's codecs:
/// nodes with a /24 pod CIDR each, identities in cluster 2's range with a realistic label set, and one ipcache
/// entry per pod whose HostIP is its node's InternalIP and whose identity is in cluster 2's range.
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
        IdentityRecords = Enumerable.Range(0, totals.Identities).Select(NewIdentity).ToArray();
        NodeRecords = Enumerable.Range(0, totals.Nodes).Select(NewNode).ToArray();
        Pods = Enumerable.Range(0, totals.IpCacheEntries).Select(NewPod).ToArray();
        Identities = IdentityRecords.Select(i => new KvPair(Codecs.Identities.KeyOf(i), Codecs.Identities.Encode(i))).ToArray();
        Nodes = NodeRecords.Select(n => new KvPair(Codecs.Nodes.KeyOf(n), Codecs.Nodes.Encode(n))).ToArray();
        IpCache = Pods.Select(Encode).ToArray();
    }

    public ScaleTotals Totals { get; }

    public WireCodecs Codecs { get; }

    public IdentityEntry[] IdentityRecords { get; }

    public Node[] NodeRecords { get; }

    public IpCacheEntry[] Pods { get; }

    public KvPair[] Identities { get; }

    public KvPair[] Nodes { get; }

    public KvPair[] IpCache { get; }

    public long IpCacheValueBytes => IpCache.Sum(p => (long)p.Value.Length);

    public static RemoteClusterData Create(ScaleTotals totals)
    {
        if (totals.Identities > 65_535 - 256 || totals.Nodes > 65_536 || totals.IpCacheEntries / totals.Nodes > 240)
        {
            throw new ArgumentOutOfRangeException(nameof(totals), totals, "too large for one cluster's identity range or /24 pod CIDRs");
        }

        return new RemoteClusterData(totals);
    }

    /// <summary>Pod <paramref name="index"/> moved to another identity: a changed value under the same key.</summary>
    public KvPair ChangedPod(int index, int generation, out IpCacheEntry changed)
    {
        var pod = Pods[index];
        changed = pod with { ID = IdentityRecords[(index + generation) % IdentityRecords.Length].Id };
        return Encode(changed);
    }

    public static IPAddress NodeIp(int node) => new([172, (byte)(16 + (node >> 16)), (byte)(node >> 8), (byte)node]);

    private KvPair Encode(IpCacheEntry pod) => new(Codecs.IpCache.KeyOf(pod), Codecs.IpCache.Encode(pod));

    private static IdentityEntry NewIdentity(int index)
    {
        var id = NumericIdentity.Create(new ClusterId(ClusterIdValue), NumericIdentity.MinimalAllocationIdentity + (uint)index);
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
        return new IdentityEntry(id, labels);
    }

    private static Node NewNode(int index)
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

    private IpCacheEntry NewPod(int index)
    {
        var node = index % Totals.Nodes;
        var slot = index / Totals.Nodes;
        var identityIndex = index % IdentityRecords.Length;
        var identity = IdentityRecords[identityIndex];
        return new IpCacheEntry
        {
            IP = PodAddress(node, 10 + slot),
            HostIP = NodeIp(node),
            ID = identity.Id,
            K8sNamespace = identity.Labels.ValueOf(Label.NamespaceKey),
            K8sPodName = $"app-{identityIndex}-7d9f8c6b5-{index:x6}",
            K8sPodUID = DeterministicGuid(0x50, index).ToString(),
            K8sServiceAccount = $"sa-{identityIndex}",
            NamedPorts = index % 2 == 0 ? [new NamedPort { Name = "http", Port = 8080, Protocol = "TCP" }] : null,
        };
    }

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

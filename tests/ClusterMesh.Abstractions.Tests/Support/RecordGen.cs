using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Wire;
using FsCheck;
using FsCheck.Fluent;
using static ClusterMesh.Abstractions.Tests.Support.WireGen;

namespace ClusterMesh.Abstractions.Tests.Support;

/// <summary>Random valid records of each wire type, paired with the context they validate in.</summary>
public static class RecordGen
{
    private static readonly Gen<string> Protocol = Gen.Elements("TCP", "UDP", "SCTP");

    public static Gen<(WireValidationContext Context, Node Value)> Nodes { get; } =
        from context in Context
        from name in DnsName(40)
        from addresses in OrNull(Few(from type in Gen.Elements(NodeAddress.InternalIP, NodeAddress.ExternalIP, NodeAddress.CiliumInternalIP)
                                     from ip in Ip
                                     select new NodeAddress { Type = type, IP = ip }, 4))
        from v4 in OrNullValue(Prefix4)
        from v4More in OrNull(Few(Prefix4))
        from v6 in OrNullValue(Prefix6)
        from v6More in OrNull(Few(Prefix6))
        from ips in OrNull(V4).ArrayOf(2)
        from ip6s in OrNull(V6).ArrayOf(2)
        from source in Gen.Elements("custom-resource", "kvstore", "local")
        from key in Gen.Choose(0, 255)
        from labels in StringMap
        from annotations in StringMap
        from nodeIdentity in OrNullValue(Gen.Choose(0, int.MaxValue).Select(i => (uint)i))
        from wireguard in Text
        from boot in Text
        select (context, new Node
        {
            Name = name, Cluster = context.SourceCluster.Value, IPAddresses = addresses,
            IPv4AllocCIDR = v4, IPv4SecondaryAllocCIDRs = v4More, IPv6AllocCIDR = v6, IPv6SecondaryAllocCIDRs = v6More,
            IPv4HealthIP = ips[0], IPv4IngressIP = ips[1], IPv6HealthIP = ip6s[0], IPv6IngressIP = ip6s[1],
            ClusterID = context.SourceClusterId.Value, Source = source, EncryptionKey = (byte)key,
            Labels = labels, Annotations = annotations, NodeIdentity = nodeIdentity, WireguardPubKey = wireguard, BootID = boot,
        });

    public static Gen<(WireValidationContext Context, IpCacheEntry Value)> IpCache { get; } =
        from context in Context
        from ip in Ip
        from length in OrNullValue(Gen.Choose(0, 128))
        from host in OrNull(Ip)
        from id in Gen.OneOf(Gen.Choose(1, 255).Select(r => new NumericIdentity((uint)r)), IdentityOf(context))
        from key in Gen.Choose(0, 255)
        from metadata in Text
        from strings in OrNull(Text).ArrayOf(4)
        from ports in OrNull(Few(from name in Text from port in Gen.Choose(0, 65535) from protocol in Protocol
                                 select new NamedPort { Name = name, Port = (ushort)port, Protocol = protocol }))
        let mask = length is { } n ? new IpPrefix(ip, Math.Min(n, ip.GetAddressBytes().Length * 8)).GetMask() : null
        select (context, new IpCacheEntry
        {
            IP = ip, Mask = mask, HostIP = host, ID = id, Key = (byte)key, Metadata = metadata,
            K8sNamespace = strings[0], K8sPodName = strings[1], K8sPodUID = strings[2], K8sServiceAccount = strings[3],
            NamedPorts = ports,
        });

    private static readonly Gen<IReadOnlyDictionary<string, IReadOnlyDictionary<string, PortConfiguration>>> PortsByAddress =
        Map(Ip.Select(AddressText),
            Map(DnsName(15), from protocol in Protocol from port in Gen.Choose(0, 65535) select new PortConfiguration { Protocol = protocol, Port = (ushort)port }));

    public static Gen<(WireValidationContext Context, ClusterService Value)> Services { get; } =
        from context in Context
        from ns in DnsName(63)
        from name in DnsName(63)
        from frontends in OrNull(PortsByAddress)
        from backends in OrNull(PortsByAddress)
        from hostnames in OrNull(Map(Ip.Select(AddressText), DnsName(20)))
        from zones in OrNull(Map(Ip.Select(AddressText),
            from zone in Text
            from hints in OrNull(Few(DnsName(10).Select(z => new ZoneHint { Name = z })))
            select new BackendZone { Zone = zone, ForZones = hints }))
        from labels in StringMap
        from selector in StringMap
        from flags in Gen.Elements(true, false).ArrayOf(2)
        select (context, new ClusterService
        {
            Cluster = context.SourceCluster.Value, Namespace = ns, Name = name, Frontends = frontends, Backends = backends,
            Hostnames = hostnames, Zones = zones, Labels = labels, Selector = selector,
            IncludeExternal = flags[0], Shared = flags[1], ClusterID = context.SourceClusterId.Value,
        });

    public static Gen<(WireValidationContext Context, ServiceExport Value)> ServiceExports { get; } =
        from context in Context
        from ns in DnsName(63)
        from name in DnsName(63)
        from annotations in StringMap
        from labels in StringMap
        from created in WholeSecondUtc
        from ports in OrNull(Few(from portName in OrNull(DnsName(15)) from protocol in Protocol
                                 from appProtocol in OrNull(Text) from port in Gen.Choose(1, 65535)
                                 select new ServiceExportPort { Name = portName, Protocol = protocol, AppProtocol = appProtocol, Port = port }))
        from type in Gen.Elements("ClusterSetIP", "Headless")
        from affinity in Gen.Elements("ClientIP", "None")
        from affinityConfig in OrNull(OrNull(OrNullValue(Gen.Choose(0, 86400)).Select(t => new ClientIPConfig { TimeoutSeconds = t }))
            .Select(c => new SessionAffinityConfig { ClientIP = c }))
        from families in OrNull(Gen.Elements<IReadOnlyList<string>>(["IPv4"], ["IPv6"], ["IPv4", "IPv6"]))
        from trafficPolicy in OrNull(Gen.Elements("Cluster", "Local"))
        from distribution in OrNull(Gen.Elements("PreferClose", "PreferSameZone", "PreferSameNode"))
        select (context, new ServiceExport
        {
            Cluster = context.SourceCluster.Value, Namespace = ns, Name = name, Annotations = annotations, Labels = labels,
            ExportCreationTimestamp = created, Ports = ports, Type = type, SessionAffinity = affinity,
            SessionAffinityConfig = affinityConfig, IPFamilies = families, InternalTrafficPolicy = trafficPolicy,
            TrafficDistribution = distribution,
        });

    public static Gen<(WireValidationContext Context, ClusterConfig Value)> ClusterConfigs { get; } =
        from context in Context
        from flags in Gen.Elements(true, false).ArrayOf(2)
        from exports in OrNullValue(Gen.Elements(true, false))
        from mode in OrNull(Text)
        select (context, new ClusterConfig
        {
            Id = context.SourceClusterId.Value,
            Capabilities = new ClusterCapabilities
            {
                SyncedCanaries = flags[0], Cached = flags[1], MaxConnectedClusters = context.MaxConnectedClusters,
                ServiceExportsEnabled = exports, EndpointSlicesExportMode = mode,
            },
        });

    private static readonly Gen<string> LabelKey =
        Gen.Choose(1, 20).SelectMany(n => Gen.Elements("abcz09.-_/".ToCharArray()).ArrayOf(n)).Select(c => new string(c));

    private static readonly Gen<string> LabelValue =
        Gen.Choose(0, 20).SelectMany(n => Gen.Elements("abcz09.-_/:=é".ToCharArray()).ArrayOf(n)).Select(c => new string(c));

    public static Gen<(WireValidationContext Context, IdentityEntry Value)> Identities { get; } =
        from context in Context
        from id in IdentityOf(context)
        from others in Few(from source in Gen.Elements("k8s", "reserved", "cidr", "unspec")
                           from key in LabelKey
                           from value in LabelValue
                           select new Label(source, key, value), 5)
        let cluster = new Label(Label.SourceK8s, Label.ClusterKey, context.SourceCluster.Value)
        select (context, new IdentityEntry(id, LabelSet.From(others.Where(l => l.Key != Label.ClusterKey).Append(cluster))));
}

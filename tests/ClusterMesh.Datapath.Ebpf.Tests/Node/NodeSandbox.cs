using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Ebpf.Namespaces;
using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Tests.Privileged;

namespace ClusterMesh.Datapath.Ebpf.Tests.Node;

/// <summary>
/// One node namespace (eth0 joined to an underlay namespace) with pods as namespaces, laid out like
/// eng/lib/topology.sh: host-side veths named by <see cref="EndpointInterfaceNames"/>, pod default route via
/// 169.254.1.1 onlink.
/// </summary>
internal sealed class NodeSandbox : IDisposable
{
    private static readonly IPAddress Gateway = IPAddress.Parse("169.254.1.1");
    private readonly NamespaceSandbox _sandbox = new();

    public NodeSandbox()
    {
        Node = _sandbox.Create("node");
        Underlay = _sandbox.Create("ul");
        NodeLinks = _sandbox.Netlink(Node);
        var underlayLinks = _sandbox.Netlink(Underlay);
        NodeLinks.CreateVethPair("eth0", "eth0", Underlay);
        NodeLinks.AddAddress("eth0", NodeAddress, 24);
        underlayLinks.AddAddress("eth0", PeerAddress, 24);
        NodeLinks.SetLinkUp("eth0");
        underlayLinks.SetLinkUp("eth0");
        Node.Run(() => File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1"));
    }

    public static IPAddress NodeAddress { get; } = IPAddress.Parse("192.168.77.11");

    public static IPAddress PeerAddress { get; } = IPAddress.Parse("192.168.77.12");

    public NetworkNamespace Node { get; }

    public NetworkNamespace Underlay { get; }

    public RouteNetlink NodeLinks { get; }

    public string Prefix => _sandbox.Prefix;

    /// <summary>Adds pod <paramref name="name"/> (Kubernetes namespace "default") and returns its endpoint.</summary>
    public LocalEndpoint AddPod(string name, string address, uint identity)
    {
        var ip = IPAddress.Parse(address);
        var pod = _sandbox.Create(name);
        var podLinks = _sandbox.Netlink(pod);
        var host = EndpointInterfaceNames.HostSide("default", name);
        NodeLinks.CreateVethPair(host, "eth0", pod);
        NodeLinks.SetLinkUp(host);
        NodeLinks.AddRoute(new RouteSpec(new IPNetwork(ip, 32), host));
        podLinks.AddAddress("eth0", ip, 32);
        podLinks.SetLinkUp("eth0");
        podLinks.AddNeighbour("eth0", Gateway, NodeLinks.GetLink(host).MacAddress!);
        podLinks.AddRoute(new RouteSpec(IPNetwork.Parse("0.0.0.0/0"), "eth0", Gateway, OnLink: true));
        return new LocalEndpoint(ip, (int)identity, new NumericIdentity(identity), "default", name);
    }

    /// <summary>Pings <paramref name="address"/> once from pod <paramref name="pod"/>.</summary>
    public (int ExitCode, string Output) Ping(string pod, string address) =>
        NamespaceSandbox.Run("ip", "netns", "exec", $"{Prefix}-{pod}", "ping", "-c", "1", "-W", "2", address);

    public void Dispose() => _sandbox.Dispose();
}

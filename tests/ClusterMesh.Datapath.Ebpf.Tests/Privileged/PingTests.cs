using System.Net;
using ClusterMesh.Datapath.Ebpf.Netlink;

namespace ClusterMesh.Datapath.Ebpf.Tests.Privileged;

public sealed class PingTests
{
    [RequiresRootFact]
    public void Two_namespaces_joined_by_a_veth_configured_through_netlink_ping_each_other()
    {
        using var sandbox = new NamespaceSandbox();
        var left = sandbox.Create("left");
        var right = sandbox.Create("right");
        using var leftLinks = sandbox.Netlink(left);
        using var rightLinks = sandbox.Netlink(right);

        leftLinks.CreateVethPair("eth0", "eth0", right);
        leftLinks.AddAddress("eth0", IPAddress.Parse("10.1.1.10"), 24);
        rightLinks.AddAddress("eth0", IPAddress.Parse("10.1.1.20"), 24);
        leftLinks.SetLinkUp("eth0");
        rightLinks.SetLinkUp("eth0");

        var (code, output) = NamespaceSandbox.Run("ip", "netns", "exec", left.Name, "ping", "-c", "1", "-W", "2", "10.1.1.20");
        Assert.True(code == 0, output);
    }

    [RequiresRootFact]
    public void Pod_reaches_another_pod_through_its_node_with_an_onlink_link_local_gateway()
    {
        // The topology.sh layout in C#: a pod's default route goes via 169.254.1.1 onlink, and a permanent
        // neighbour entry maps that address to the MAC of the pod's host-side veth, so no one needs to answer ARP
        // for it; the node routes a /32 to each pod's host-side veth.
        using var sandbox = new NamespaceSandbox();
        var node = sandbox.Create("node");
        using var nodeLinks = sandbox.Netlink(node);
        var gateway = IPAddress.Parse("169.254.1.1");
        foreach (var (name, ip) in new[] { ("p1", IPAddress.Parse("10.1.1.11")), ("p2", IPAddress.Parse("10.1.1.12")) })
        {
            var pod = sandbox.Create(name);
            var podLinks = sandbox.Netlink(pod);
            var host = sandbox.Device(name);
            nodeLinks.CreateVethPair(host, "eth0", pod);
            nodeLinks.SetLinkUp(host);
            nodeLinks.AddRoute(new RouteSpec(new IPNetwork(ip, 32), host));
            podLinks.AddAddress("eth0", ip, 32);
            podLinks.SetLinkUp("eth0");
            podLinks.AddNeighbour("eth0", gateway, nodeLinks.GetLink(host).MacAddress!);
            podLinks.AddRoute(new RouteSpec(IPNetwork.Parse("0.0.0.0/0"), "eth0", gateway, OnLink: true));
        }

        node.Run(() => File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1"));

        var (code, output) = NamespaceSandbox.Run("ip", "netns", "exec", sandbox.Prefix + "-p1", "ping", "-c", "1", "-W", "2", "10.1.1.12");
        Assert.True(code == 0, output);
    }
}

using System.Net.NetworkInformation;
using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Tests.Privileged;

namespace ClusterMesh.Datapath.Ebpf.Tests.Netlink;

public sealed class LinkTests
{
    [RequiresRootFact]
    public void Veth_pair_with_peer_in_another_namespace()
    {
        using var sandbox = new NamespaceSandbox();
        var node = sandbox.Create("node");
        var pod = sandbox.Create("pod");
        using var nodeLinks = sandbox.Netlink(node);
        using var podLinks = sandbox.Netlink(pod);
        var host = sandbox.Device("h");

        nodeLinks.CreateVethPair(host, "eth0", pod);

        var hostLink = nodeLinks.GetLink(host);
        var podLink = podLinks.GetLink("eth0");
        Assert.Equal(("veth", "veth"), (hostLink.Kind, podLink.Kind));
        Assert.Null(nodeLinks.TryGetLink("eth0"));
        Assert.Contains(nodeLinks.ListLinks(), l => l.Name == host && l.Index == hostLink.Index);
        Assert.Contains("eth0", NamespaceSandbox.Output("ip", "-n", pod.Name, "link", "show"));
    }

    [RequiresRootFact]
    public void Up_mtu_mac_master_and_delete()
    {
        using var sandbox = new NamespaceSandbox();
        using var links = sandbox.Netlink(sandbox.Create("n"));
        string a = sandbox.Device("a"), b = sandbox.Device("b"), bridge = sandbox.Device("br");
        links.CreateVethPair(a, b);
        links.CreateBridge(bridge);
        var mac = PhysicalAddress.Parse("02-11-22-33-44-55");

        links.SetMtu(a, 1400);
        links.SetMacAddress(a, mac);
        links.SetMaster(a, bridge);
        links.SetLinkUp(a);
        var changed = links.GetLink(a);

        Assert.Equal((1400, mac, true), (changed.Mtu, changed.MacAddress, changed.IsUp));
        Assert.Equal(links.GetLinkIndex(bridge), changed.MasterIndex);
        Assert.Equal("bridge", links.GetLink(bridge).Kind);

        links.SetLinkDown(a);
        links.SetMaster(a, null);
        Assert.Equal((false, 0), (links.GetLink(a).IsUp, links.GetLink(a).MasterIndex));

        links.DeleteLink(a);
        Assert.Null(links.TryGetLink(a));
        Assert.Null(links.TryGetLink(b)); // deleting one end of a veth removes both
    }

    [RequiresRootFact]
    public void Move_to_namespace()
    {
        using var sandbox = new NamespaceSandbox();
        var first = sandbox.Create("one");
        var second = sandbox.Create("two");
        using var here = sandbox.Netlink(first);
        using var there = sandbox.Netlink(second);
        string a = sandbox.Device("a"), b = sandbox.Device("b");
        here.CreateVethPair(a, b);

        here.MoveToNamespace(b, second);

        Assert.Null(here.TryGetLink(b));
        Assert.Equal("veth", there.GetLink(b).Kind);
    }

    [RequiresRootFact]
    public void Vxlan_is_external_collect_md_on_port_8472_without_learning()
    {
        using var sandbox = new NamespaceSandbox();
        var node = sandbox.Create("vx");
        using var links = sandbox.Netlink(node);
        var vxlan = sandbox.Device("vx");

        links.CreateVxlan(new VxlanOptions(vxlan, Local: System.Net.IPAddress.Parse("192.168.1.11")));

        Assert.Equal("vxlan", links.GetLink(vxlan).Kind);
        var details = NamespaceSandbox.Output("ip", "-n", node.Name, "-d", "link", "show", vxlan);
        Assert.Contains("external", details);
        Assert.Contains("dstport 8472", details);
        Assert.Contains("nolearning", details);
        Assert.Contains("local 192.168.1.11", details);
    }

    [RequiresRootFact]
    public void Duplicate_link_fails_with_eexist_naming_the_device()
    {
        using var sandbox = new NamespaceSandbox();
        using var links = sandbox.Netlink(sandbox.Create("dup"));
        var vxlan = sandbox.Device("vx");
        links.CreateVxlan(new VxlanOptions(vxlan));

        var e = Assert.Throws<NetlinkException>(() => links.CreateVxlan(new VxlanOptions(vxlan)));

        Assert.Equal(17, e.Errno);
        Assert.StartsWith($"RTM_NEWLINK vxlan {vxlan}: EEXIST (17)", e.Message);
    }

    [RequiresRootFact]
    public void Missing_link_fails_with_enodev()
    {
        using var sandbox = new NamespaceSandbox();
        using var links = sandbox.Netlink(sandbox.Create("none"));
        var missing = sandbox.Device("x");

        var get = Assert.Throws<NetlinkException>(() => links.GetLink(missing));
        var up = Assert.Throws<NetlinkException>(() => links.SetLinkUp(missing));

        Assert.Equal(("ENODEV", 19), (get.ErrnoName, get.Errno));
        Assert.Contains($"link {missing}", get.Message);
        Assert.StartsWith($"RTM_SETLINK link {missing} up: ENODEV (19)", up.Message);
    }

    [RequiresRootFact]
    public void Dump_spanning_several_datagrams_returns_every_link()
    {
        using var sandbox = new NamespaceSandbox();
        using var links = sandbox.Netlink(sandbox.Create("many"));
        const int pairs = 40; // ~80 link messages of ~1.5 KiB: more than one 32 KiB dump datagram
        for (var i = 0; i < pairs; i++)
        {
            links.CreateVethPair(sandbox.Device($"a{i}"), sandbox.Device($"b{i}"));
        }

        var names = links.ListLinks().Select(l => l.Name).ToHashSet();

        Assert.Equal(2 * pairs + 1, names.Count); // and lo
        Assert.All(Enumerable.Range(0, pairs), i => Assert.Contains(sandbox.Device($"b{i}"), names));
    }

    [Fact]
    public void Names_longer_than_ifnamsiz_are_refused_before_any_syscall()
    {
        using var links = RouteNetlink.Open();

        Assert.Throws<ArgumentException>(() => links.CreateBridge("sixteen-chars-xx"));
    }
}

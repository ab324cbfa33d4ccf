using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Tests.Privileged;

namespace ClusterMesh.Datapath.Ebpf.Tests.Netlink;

public sealed class AddressRouteNeighbourTests
{
    private static (NamespaceSandbox Sandbox, RouteNetlink Links, string Dev) UpVeth(string ns)
    {
        var sandbox = new NamespaceSandbox();
        var links = sandbox.Netlink(sandbox.Create(ns));
        string a = sandbox.Device("a"), b = sandbox.Device("b");
        links.CreateVethPair(a, b);
        links.SetLinkUp(b);
        links.SetLinkUp(a);
        return (sandbox, links, a);
    }

    [RequiresRootFact]
    public void Ipv4_and_ipv6_addresses_add_list_delete()
    {
        var (sandbox, links, dev) = UpVeth("addr");
        using var _ = sandbox;
        var v4 = IPAddress.Parse("10.1.1.10");
        var v6 = IPAddress.Parse("fd00:10:1:1::10");

        links.AddAddress(dev, v4, 24);
        links.AddAddress(dev, v6, 64);

        var listed = links.ListAddresses(dev);
        Assert.Contains(listed, a => a.Address.Equals(v4) && a.PrefixLength == 24);
        Assert.Contains(listed, a => a.Address.Equals(v6) && a.PrefixLength == 64);
        Assert.Contains("10.1.1.10/24", NamespaceSandbox.Output("ip", "-n", sandbox.Prefix + "-addr", "addr", "show", dev));
        var duplicate = Assert.Throws<NetlinkException>(() => links.AddAddress(dev, v4, 24));
        Assert.Equal(17, duplicate.Errno);
        Assert.Contains($"address 10.1.1.10/24 dev {dev}", duplicate.Message);

        links.DeleteAddress(dev, v4, 24);
        links.DeleteAddress(dev, v6, 64);
        Assert.DoesNotContain(links.ListAddresses(dev), a => a.Address.Equals(v4) || a.Address.Equals(v6));
    }

    [RequiresRootFact]
    public void Routes_add_replace_list_delete_in_main_table()
    {
        var (sandbox, links, dev) = UpVeth("rt");
        using var _ = sandbox;
        links.AddAddress(dev, IPAddress.Parse("192.168.1.11"), 24);
        var podCidr = IPNetwork.Parse("10.1.2.0/24");

        links.AddRoute(new RouteSpec(podCidr, dev, IPAddress.Parse("192.168.1.12")));
        Assert.Equal(IPAddress.Parse("192.168.1.12"), links.ListRoutes().Single(r => r.Destination == podCidr).Gateway);
        Assert.Throws<NetlinkException>(() => links.AddRoute(new RouteSpec(podCidr, dev, IPAddress.Parse("192.168.1.13"))));

        links.ReplaceRoute(new RouteSpec(podCidr, dev, IPAddress.Parse("192.168.1.13")));
        var replaced = links.ListRoutes().Single(r => r.Destination == podCidr);
        Assert.Equal((IPAddress.Parse("192.168.1.13"), links.GetLinkIndex(dev), (byte)4), (replaced.Gateway, replaced.OutputInterfaceIndex, replaced.Protocol));
        Assert.Contains("10.1.2.0/24 via 192.168.1.13", NamespaceSandbox.Output("ip", "-n", sandbox.Prefix + "-rt", "route", "show"));

        links.DeleteRoute(new RouteSpec(podCidr));
        Assert.DoesNotContain(links.ListRoutes(), r => r.Destination == podCidr);
        var missing = Assert.Throws<NetlinkException>(() => links.DeleteRoute(new RouteSpec(podCidr)));
        Assert.Equal("ESRCH", missing.ErrnoName);
    }

    [RequiresRootFact]
    public void Onlink_gateway_outside_every_prefix_and_scope_link_routes()
    {
        var (sandbox, links, dev) = UpVeth("onlink");
        using var _ = sandbox;
        var gateway = IPAddress.Parse("169.254.1.1");
        links.AddAddress(dev, IPAddress.Parse("10.1.1.11"), 32); // without any local address the kernel refuses every gateway

        links.AddRoute(new RouteSpec(IPNetwork.Parse("169.254.1.1/32"), dev));
        links.AddRoute(new RouteSpec(IPNetwork.Parse("0.0.0.0/0"), dev, gateway, OnLink: true));
        links.AddRoute(new RouteSpec(IPNetwork.Parse("fd00:2::/64"), dev));

        var routes = links.ListRoutes();
        var fallback = routes.Single(r => r.Destination.PrefixLength == 0);
        Assert.Equal((gateway, true), (fallback.Gateway, fallback.OnLink));
        Assert.Equal((byte)253, routes.Single(r => r.Destination == IPNetwork.Parse("169.254.1.1/32")).Scope);
        Assert.Contains(links.ListRoutes(AddressFamily.InterNetworkV6), r => r.Destination == IPNetwork.Parse("fd00:2::/64"));
    }

    [RequiresRootFact]
    public void Route_via_unreachable_gateway_fails_naming_the_route()
    {
        var (sandbox, links, dev) = UpVeth("unreach");
        using var _ = sandbox;

        var e = Assert.Throws<NetlinkException>(() =>
            links.AddRoute(new RouteSpec(IPNetwork.Parse("10.2.1.0/24"), dev, IPAddress.Parse("203.0.113.1"))));

        Assert.Equal("ENETUNREACH", e.ErrnoName);
        Assert.StartsWith($"RTM_NEWROUTE route 10.2.1.0/24 via 203.0.113.1 dev {dev}: ENETUNREACH (101)", e.Message);
    }

    [RequiresRootFact]
    public void Permanent_neighbours_add_replace_list_delete()
    {
        var (sandbox, links, dev) = UpVeth("neigh");
        using var _ = sandbox;
        var ip = IPAddress.Parse("192.168.1.12");
        var first = PhysicalAddress.Parse("02-00-00-00-00-01");
        var second = PhysicalAddress.Parse("02-00-00-00-00-02");

        links.AddNeighbour(dev, ip, first);
        Assert.Equal(17, Assert.Throws<NetlinkException>(() => links.AddNeighbour(dev, ip, second)).Errno);
        links.ReplaceNeighbour(dev, ip, second);

        var entry = links.ListNeighbours(dev).Single(n => n.Address.Equals(ip));
        Assert.Equal((second, (ushort)0x80), (entry.MacAddress, entry.State));
        Assert.Contains("192.168.1.12 lladdr 02:00:00:00:00:02 PERMANENT", NamespaceSandbox.Output("ip", "-n", sandbox.Prefix + "-neigh", "neigh", "show", "dev", dev));

        links.DeleteNeighbour(dev, ip);
        Assert.DoesNotContain(links.ListNeighbours(dev), n => n.Address.Equals(ip));
        Assert.Equal("ENOENT", Assert.Throws<NetlinkException>(() => links.DeleteNeighbour(dev, ip)).ErrnoName);
    }
}

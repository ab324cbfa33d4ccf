using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Ebpf.Attach;
using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Namespaces;
using ClusterMesh.Datapath.Ebpf.Native;
using ClusterMesh.Datapath.Ebpf.Programs;
using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Datapath.Ebpf.Tests.Node;

/// <summary>The node driver in a namespace of the test's: start, pod plumbing, kernel routes, restart.</summary>
[RequiresBpf]
public sealed class EbpfNodeTests : IDisposable
{
    private readonly TempPinDirectory _pins = new();
    private readonly NodeSandbox _sandbox = new();

    public void Dispose()
    {
        _sandbox.Dispose();
        _pins.Dispose();
    }

    [Fact]
    public void Start_creates_the_vxlan_device_attaches_the_device_programs_and_writes_the_config()
    {
        using var node = Start();

        var vxlan = _sandbox.NodeLinks.GetLink(EbpfNodeOptions.DefaultVxlanDevice);
        Assert.Equal("vxlan", vxlan.Kind);
        Assert.True(vxlan.IsUp);
        var config = node.Maps.ReadConfig();
        Assert.Equal(NodeSandbox.NodeAddress, config.NodeAddress);
        Assert.Equal(vxlan.Index, config.VxlanIfIndex);
        Assert.Equal(_sandbox.NodeLinks.GetLinkIndex("eth0"), config.NetdevIfIndex);
        Assert.True(File.Exists(Path.Combine(_pins.Path, "links", "from_overlay-cilium_vxlan")));
        Assert.True(File.Exists(Path.Combine(_pins.Path, "links", "from_netdev-eth0")));
        Assert.False(node.UsesTcFallback);
    }

    [Fact]
    public void Pods_on_the_node_reach_each_other_through_redirect_peer_with_an_unknown_pod_mac()
    {
        using var node = Start();
        var p1 = _sandbox.AddPod("p1", "10.77.1.11", 1001);
        var p2 = _sandbox.AddPod("p2", "10.77.1.12", 1002);
        _sandbox.Node.Run(() =>
        {
            node.Endpoints.Upsert(p1);
            node.Endpoints.Upsert(p2);
        });

        Assert.True(node.Endpoints.TryLookup(p2.Address, out var written));
        Assert.Equal(_sandbox.NodeLinks.GetLinkIndex(EndpointInterfaceNames.HostSide("default", "p2")), written.Attachment!.HostIfIndex);
        var before = node.ReadCounters()[DatapathCounter.LocalDelivery];
        var (code, output) = _sandbox.Ping("p1", "10.77.1.12");
        Assert.True(code == 0, output);
        Assert.True(node.ReadCounters()[DatapathCounter.LocalDelivery] >= before + 2, "request and reply both delivered by the programs");
    }

    [Fact]
    public void A_restart_adopts_maps_and_links_and_flushes_nothing_while_traffic_keeps_flowing()
    {
        var p1 = _sandbox.AddPod("p1", "10.77.1.11", 1001);
        var p2 = _sandbox.AddPod("p2", "10.77.1.12", 1002);
        var first = Start();
        _sandbox.Node.Run(() =>
        {
            first.Endpoints.Upsert(p1);
            first.Endpoints.Upsert(p2);
        });
        first.IpCache.Upsert(IpPrefix.Parse("10.88.0.0/16"), new(new NumericIdentity(7), IPAddress.Parse("192.168.77.12"), 0));
        var whileAway = first.ReadCounters();
        first.Dispose();

        var (code, output) = _sandbox.Ping("p1", "10.77.1.12");
        Assert.True(code == 0, output);

        using var second = Start();
        Assert.Equal(2, second.Endpoints.Count);
        Assert.Equal(1, second.IpCache.Count);
        Assert.True(second.ReadCounters()[DatapathCounter.LocalDelivery] >= whileAway[DatapathCounter.LocalDelivery] + 2, "the programs delivered while no agent ran");
    }

    [Fact]
    public void Deleting_an_endpoint_removes_its_entry_and_its_hook()
    {
        using var node = Start();
        var p1 = _sandbox.AddPod("p1", "10.77.1.11", 1001);
        _sandbox.Node.Run(() => node.Endpoints.Upsert(p1));
        var link = Path.Combine(_pins.Path, "links", "from_container-" + EndpointInterfaceNames.HostSide("default", "p1"));
        Assert.True(File.Exists(link));

        Assert.True(node.Endpoints.Delete(p1.Address));

        Assert.Equal(0, node.Endpoints.Count);
        Assert.False(File.Exists(link));
    }

    [Fact]
    public void Direct_routes_are_mirrored_into_the_kernel_main_table_and_removed_with_the_map_entry()
    {
        using var node = Start();
        var cidr = IpPrefix.Parse("10.78.2.0/24");

        node.Routes.Upsert(cidr, NodeSandbox.PeerAddress);
        Assert.Contains(_sandbox.NodeLinks.ListRoutes(), r => r.Destination.ToString() == "10.78.2.0/24" && NodeSandbox.PeerAddress.Equals(r.Gateway));

        Assert.True(node.Routes.Delete(cidr));
        Assert.DoesNotContain(_sandbox.NodeLinks.ListRoutes(), r => r.Destination.ToString() == "10.78.2.0/24");
    }

    [Fact]
    public void When_tcx_is_refused_programs_are_attached_through_tc_clsact()
    {
        using var node = Start();
        var p1 = _sandbox.AddPod("p1", "10.77.1.11", 1001);
        var ifIndex = _sandbox.NodeLinks.GetLinkIndex(EndpointInterfaceNames.HostSide("default", "p1"));
        using var programs = BpfCollection.Load(DatapathObjects.LoadDatapath(), _pins.Path, NullLogger.Instance);
        var attacher = new FallbackAttacher(new RefusingAttacher(), new TcAttacher(_sandbox.NodeLinks), NullLogger.Instance);

        _sandbox.Node.Run(() => attacher.Attach(ifIndex, AttachDirection.Ingress, programs.Programs["from_container"], "from_container-p1"));

        Assert.True(attacher.UsesFallback);
        var filter = Assert.Single(_sandbox.NodeLinks.ListFilters(ifIndex, TcDirection.Ingress));
        Assert.True(filter.DirectAction);
        Assert.Equal("from_container-p1", filter.Name);
    }

    private EbpfNode Start() => _sandbox.Node.Run(() => EbpfNode.Start(
        new EbpfNodeOptions { PinDirectory = _pins.Path, NodeAddress = NodeSandbox.NodeAddress },
        NullLogger.Instance));

    private sealed class RefusingAttacher : IProgramAttacher
    {
        public IProgramAttachment Attach(int ifIndex, AttachDirection direction, BpfProgram program, string name) =>
            throw new BpfException(BpfCommand.LinkCreate, 95, $"{program.Name} on ifindex {ifIndex}");
    }
}

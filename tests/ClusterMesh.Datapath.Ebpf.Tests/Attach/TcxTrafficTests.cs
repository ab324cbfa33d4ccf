using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClusterMesh.Datapath.Ebpf.Attach;
using ClusterMesh.Datapath.Ebpf.Maps;
using ClusterMesh.Datapath.Ebpf.Programs;
using ClusterMesh.Datapath.Ebpf.Specs;
using ClusterMesh.Datapath.Ebpf.Tests.Support;
using static ClusterMesh.Datapath.Ebpf.Tests.Support.Asm;

namespace ClusterMesh.Datapath.Ebpf.Tests.Attach;

/// <summary>A tcx-attached program sees real packets: a veth pair between two namespaces the test creates.</summary>
[RequiresBpf]
public sealed class TcxTrafficTests : IDisposable
{
    private readonly TempPinDirectory _pins = new();
    private readonly TestNetns _sender = new();
    private readonly TestNetns _receiver = new();

    public TcxTrafficTests()
    {
        _sender.IpIn("link", "add", "cmt0", "type", "veth", "peer", "name", "cmt1", "netns", _receiver.Name);
        _sender.IpIn("addr", "add", "10.99.0.1/24", "dev", "cmt0");
        _receiver.IpIn("addr", "add", "10.99.0.2/24", "dev", "cmt1");
        _sender.IpIn("link", "set", "cmt0", "up");
        _receiver.IpIn("link", "set", "cmt1", "up");
    }

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
        _pins.Dispose();
    }

    [Fact]
    public void A_program_attached_at_egress_runs_on_the_packets_the_interface_sends()
    {
        using var seen = BpfMap.Create(new MapSpec("cmt_seen", BpfMapType.Array, 4, 8, 1, 0, MapPinning.None));
        var spec = Program(
            "cmt_mark",
            [new MapRelocation(4, "cmt_seen", 0)],
            MovImm(R1, 0),
            StoreWord(R10, -4, R1),
            MovReg(R2, R10),
            AddImm(R2, -4),
            LoadMap(R1),
            Call(MapLookupElem),
            JumpIfEqual(R0, 0, 2),
            MovImm(R1, 42),
            StoreDouble(R0, 0, R1),
            MovImm(R0, 0),
            Exit());
        using var program = BpfProgram.Load(spec, new Dictionary<string, BpfMap> { ["cmt_seen"] = seen });
        var ifIndex = _sender.IfIndex("cmt0");
        using var attachment = _sender.Run(() => new TcxAttacher(_pins.Path, new ListLogger()).Attach(ifIndex, AttachDirection.Egress, program, "cmt0_egress"));

        _sender.Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            return socket.SendTo(new byte[8], new IPEndPoint(IPAddress.Parse("10.99.0.2"), 9));
        });

        // The first packet out (the ARP request for 10.99.0.2, or the datagram) runs the program.
        var deadline = Stopwatch.StartNew();
        ulong value;
        while (!(seen.TryLookup(0u, out value) && value == 42) && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(10);
        }

        Assert.Equal(42UL, value);
    }
}

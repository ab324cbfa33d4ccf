using ClusterMesh.Datapath.Ebpf.Attach;
using ClusterMesh.Datapath.Ebpf.Maps;
using ClusterMesh.Datapath.Ebpf.Programs;
using ClusterMesh.Datapath.Ebpf.Tests.Support;
using static ClusterMesh.Datapath.Ebpf.Tests.Support.Asm;

namespace ClusterMesh.Datapath.Ebpf.Tests.Attach;

/// <summary>tcx links on a veth pair inside a namespace the test creates.</summary>
[RequiresBpf]
public sealed class TcxAttachTests : IDisposable
{
    private readonly TempPinDirectory _pins = new();
    private readonly TestNetns _netns = new();
    private readonly ListLogger _logger = new();
    private readonly int _ifIndex;

    public TcxAttachTests()
    {
        _netns.IpIn("link", "add", "cmt0", "type", "veth", "peer", "name", "cmt1");
        _ifIndex = _netns.IfIndex("cmt0");
    }

    public void Dispose()
    {
        _netns.Dispose();
        _pins.Dispose();
    }

    private static BpfProgram Returns(int code, string name, string section = "tc") =>
        BpfProgram.Load(Program(name, [], MovImm(R0, code), Exit()) with { SectionName = section }, new Dictionary<string, BpfMap>());

    [Fact]
    public void An_attached_link_stays_pinned_and_attached_after_its_descriptor_is_closed()
    {
        using var program = Returns(0, "cmt_pass");
        var attacher = new TcxAttacher(_pins.Path, _logger);

        _netns.Run(() => attacher.Attach(_ifIndex, AttachDirection.Ingress, program, "cmt0_ingress")).Dispose();

        var pin = Path.Combine(_pins.Path, "links", "cmt0_ingress");
        Assert.True(File.Exists(pin));
        Assert.Equal([program.Id], _netns.Run(() => TcxQuery.ProgramIds(_ifIndex, AttachDirection.Ingress)));
        Assert.Empty(_netns.Run(() => TcxQuery.ProgramIds(_ifIndex, AttachDirection.Egress)));
    }

    [Fact]
    public void Attaching_again_under_the_same_name_adopts_the_pinned_link_and_swaps_the_program()
    {
        using var first = Returns(0, "cmt_first");
        using var second = Returns(0, "cmt_second", section: "tcx/egress");
        _netns.Run(() => new TcxAttacher(_pins.Path, _logger).Attach(_ifIndex, AttachDirection.Egress, first, "cmt0_egress")).Dispose();

        using var attachment = _netns.Run(() => new TcxAttacher(_pins.Path, _logger).Attach(_ifIndex, AttachDirection.Egress, second, "cmt0_egress"));

        Assert.Equal([second.Id], _netns.Run(() => TcxQuery.ProgramIds(_ifIndex, AttachDirection.Egress)));
        Assert.Contains(_logger.Entries, e => e.Id.Id == 6106);
    }

    [Fact]
    public void A_pinned_link_for_another_interface_is_replaced_not_swapped()
    {
        using var program = Returns(0, "cmt_pass");
        var peer = _netns.IfIndex("cmt1");
        _netns.Run(() => new TcxAttacher(_pins.Path, _logger).Attach(peer, AttachDirection.Ingress, program, "moved")).Dispose();

        using var attachment = _netns.Run(() => new TcxAttacher(_pins.Path, _logger).Attach(_ifIndex, AttachDirection.Ingress, program, "moved"));

        Assert.Contains(_logger.Entries, e => e.Id.Id == 6107);
        Assert.Equal([program.Id], _netns.Run(() => TcxQuery.ProgramIds(_ifIndex, AttachDirection.Ingress)));
        Assert.Empty(_netns.Run(() => TcxQuery.ProgramIds(peer, AttachDirection.Ingress)));
    }

    [Fact]
    public void Detach_unpins_and_removes_the_program_from_the_interface()
    {
        using var program = Returns(0, "cmt_pass");
        var attachment = _netns.Run(() => new TcxAttacher(_pins.Path, _logger).Attach(_ifIndex, AttachDirection.Ingress, program, "cmt0_ingress"));

        attachment.Detach();

        Assert.False(File.Exists(Path.Combine(_pins.Path, "links", "cmt0_ingress")));
        Assert.Empty(_netns.Run(() => TcxQuery.ProgramIds(_ifIndex, AttachDirection.Ingress)));
    }
}

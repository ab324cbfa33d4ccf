using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Tests.Privileged;

namespace ClusterMesh.Datapath.Ebpf.Tests.Netlink;

public sealed class TcTests
{
    [RequiresRootFact]
    public void Clsact_and_direct_action_bpf_filter_attach_list_delete()
    {
        using var sandbox = new NamespaceSandbox();
        var ns = sandbox.Create("tc");
        using var links = sandbox.Netlink(ns);
        string a = sandbox.Device("a"), b = sandbox.Device("b");
        links.CreateVethPair(a, b);
        var ifindex = links.GetLinkIndex(a);
        using var program = TestBpfProgram.LoadPassAll();

        links.AddClsact(ifindex);
        links.AttachBpfFilter(ifindex, TcDirection.Ingress, program.FileDescriptor, "cm_from_pod", priority: 1, handle: 1);
        links.AttachBpfFilter(ifindex, TcDirection.Egress, program.FileDescriptor, "cm_to_pod", priority: 2, handle: 5);

        var ingress = Assert.Single(links.ListFilters(ifindex, TcDirection.Ingress));
        Assert.Equal(("bpf", "cm_from_pod", true, (ushort)1, 1u), (ingress.Kind, ingress.Name, ingress.DirectAction, ingress.Priority, ingress.Handle));
        Assert.NotEqual(0u, ingress.ProgramId);
        var egress = Assert.Single(links.ListFilters(ifindex, TcDirection.Egress));
        Assert.Equal(("cm_to_pod", (ushort)2, 5u), (egress.Name, egress.Priority, egress.Handle));
        var shown = NamespaceSandbox.Output("tc", "-n", ns.Name, "filter", "show", "dev", a, "ingress");
        Assert.Contains("cm_from_pod", shown);
        Assert.Contains("direct-action", shown);

        var duplicate = Assert.Throws<NetlinkException>(() => links.AddClsact(ifindex));
        Assert.Equal(17, duplicate.Errno);
        Assert.Contains($"clsact qdisc ifindex {ifindex}", duplicate.Message);

        links.DeleteFilter(ifindex, TcDirection.Egress, 2, 5);
        Assert.Empty(links.ListFilters(ifindex, TcDirection.Egress));
        links.DeleteClsact(ifindex);
        Assert.DoesNotContain("clsact", NamespaceSandbox.Output("tc", "-n", ns.Name, "qdisc", "show", "dev", a));
    }

    [RequiresRootFact]
    public void Attach_tc_program_is_repeatable_and_replaces_the_filter()
    {
        using var sandbox = new NamespaceSandbox();
        using var links = sandbox.Netlink(sandbox.Create("tcx"));
        string a = sandbox.Device("a"), b = sandbox.Device("b");
        links.CreateVethPair(a, b);
        var ifindex = links.GetLinkIndex(a);
        using var first = TestBpfProgram.LoadPassAll("cm_first");
        using var second = TestBpfProgram.LoadPassAll("cm_second");

        links.AttachTcProgram(ifindex, TcDirection.Ingress, first.FileDescriptor, "first");
        var before = Assert.Single(links.ListFilters(ifindex, TcDirection.Ingress));
        links.AttachTcProgram(ifindex, TcDirection.Ingress, second.FileDescriptor, "second");
        links.AttachTcProgram(ifindex, TcDirection.Egress, second.FileDescriptor, "second");

        var after = Assert.Single(links.ListFilters(ifindex, TcDirection.Ingress));
        Assert.Equal("second", after.Name);
        Assert.NotEqual(before.ProgramId, after.ProgramId);
        Assert.Single(links.ListFilters(ifindex, TcDirection.Egress));

        Assert.True(links.DetachTcProgram(ifindex, TcDirection.Ingress));
        Assert.Empty(links.ListFilters(ifindex, TcDirection.Ingress));
        Assert.False(links.DetachTcProgram(ifindex, TcDirection.Ingress));
        Assert.Single(links.ListFilters(ifindex, TcDirection.Egress));
    }

    [RequiresRootFact]
    public void Filter_without_clsact_fails_naming_the_filter()
    {
        using var sandbox = new NamespaceSandbox();
        using var links = sandbox.Netlink(sandbox.Create("noq"));
        string a = sandbox.Device("a"), b = sandbox.Device("b");
        links.CreateVethPair(a, b);
        var ifindex = links.GetLinkIndex(a);
        using var program = TestBpfProgram.LoadPassAll();

        var e = Assert.Throws<NetlinkException>(() => links.AttachBpfFilter(ifindex, TcDirection.Ingress, program.FileDescriptor, "cm_x"));

        Assert.Contains($"bpf filter cm_x ingress ifindex {ifindex}", e.Message);
        Assert.NotEqual(0, e.Errno);
    }
}

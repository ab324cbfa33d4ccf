using ClusterMesh.Datapath.Ebpf.Native;
using ClusterMesh.Datapath.Ebpf.Netlink;

namespace ClusterMesh.Datapath.Ebpf.Tests.Node;

public sealed class EbpfStartExceptionTests
{
    [Fact]
    public void Missing_bpf_privileges_give_one_line_naming_the_capability()
    {
        var message = EbpfStartException.From(new BpfException(BpfCommand.MapCreate, 1, "cm_ipcache")).Message;

        Assert.Contains("CAP_BPF", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Missing_netlink_privileges_name_cap_net_admin()
    {
        var message = EbpfStartException.From(new NetlinkException("RTM_NEWLINK", "vxlan cilium_vxlan", 1, null)).Message;

        Assert.Contains("CAP_NET_ADMIN", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void A_rejected_program_reports_the_verifier_log()
    {
        var message = EbpfStartException.From(new BpfVerifierException("from_container", 13, "0: R1 invalid mem access 'scalar'")).Message;

        Assert.Contains("from_container", message, StringComparison.Ordinal);
        Assert.Contains("invalid mem access", message, StringComparison.Ordinal);
    }
}

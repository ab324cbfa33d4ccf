using ClusterMesh.Datapath.Ebpf.Netlink;
using ClusterMesh.Datapath.Ebpf.Programs;

namespace ClusterMesh.Datapath.Ebpf.Attach;

/// <summary>
/// Attaches through tc: the clsact qdisc and a direct-action cls_bpf filter (priority 1, handle 1) over netlink,
/// for kernels without tcx. The filter belongs to the interface, not to the agent, so it stays attached across
/// restarts; attaching again under any name replaces it in place.
/// </summary>
public sealed class TcAttacher(RouteNetlink netlink) : IProgramAttacher
{
    /// <inheritdoc />
    /// <exception cref="NetlinkException">The kernel refused the qdisc or the filter.</exception>
    public IProgramAttachment Attach(int ifIndex, AttachDirection direction, BpfProgram program, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ifIndex);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var hook = direction == AttachDirection.Ingress ? TcDirection.Ingress : TcDirection.Egress;
        netlink.AttachTcProgram(ifIndex, hook, program.Handle.Value, name);
        return new TcAttachment(netlink, ifIndex, hook);
    }

    private sealed class TcAttachment(RouteNetlink netlink, int ifIndex, TcDirection direction) : IProgramAttachment
    {
        public void Detach() => netlink.DetachTcProgram(ifIndex, direction);

        public void Dispose()
        {
            // The filter holds its own reference to the program.
        }
    }
}

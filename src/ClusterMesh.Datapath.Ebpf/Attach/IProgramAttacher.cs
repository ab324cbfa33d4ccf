using ClusterMesh.Datapath.Ebpf.Programs;

namespace ClusterMesh.Datapath.Ebpf.Attach;

/// <summary>Which way traffic crosses the interface the program is attached to.</summary>
public enum AttachDirection
{
    /// <summary>Packets the interface receives.</summary>
    Ingress,

    /// <summary>Packets the interface sends.</summary>
    Egress,
}

/// <summary>
/// A way of hooking a tc program to an interface: tcx links (<see cref="TcxAttacher"/>), or tc clsact with
/// cls_bpf through netlink as a fallback on kernels without tcx.
/// </summary>
public interface IProgramAttacher
{
    /// <summary>
    /// Attaches <paramref name="program"/> to <paramref name="ifIndex"/> (in the caller's network namespace) in
    /// <paramref name="direction"/>. <paramref name="name"/> identifies the attachment across agent restarts:
    /// attaching again under the same name replaces the program in place.
    /// </summary>
    IProgramAttachment Attach(int ifIndex, AttachDirection direction, BpfProgram program, string name);
}

/// <summary>
/// An attached program. <see cref="IDisposable.Dispose"/> only lets go of it — the program stays attached, so
/// traffic keeps flowing while the agent restarts; <see cref="Detach"/> removes it.
/// </summary>
public interface IProgramAttachment : IDisposable
{
    /// <summary>Removes the program from the interface.</summary>
    void Detach();
}

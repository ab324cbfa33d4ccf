namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <summary>
/// A netlink request (or the libc call behind it) failed. The message names the operation, the object and the
/// errno, for example <c>RTM_NEWLINK vxlan cm-vx0: EEXIST (17)</c>, followed by the kernel's extended-ack text
/// when it sent one.
/// </summary>
public sealed class NetlinkException : Exception
{
    /// <summary>Creates the exception for a failed operation.</summary>
    /// <param name="operation">What was attempted, for example <c>RTM_NEWROUTE</c> or <c>setns</c>.</param>
    /// <param name="target">The object concerned, for example <c>veth cm-a</c>.</param>
    /// <param name="errno">The positive errno.</param>
    /// <param name="kernelMessage">The kernel's extended-ack message, if any.</param>
    public NetlinkException(string operation, string target, int errno, string? kernelMessage = null)
        : base(Format(operation, target, errno, kernelMessage))
    {
        Operation = operation;
        Target = target;
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    /// <summary>What was attempted, for example <c>RTM_NEWLINK</c>.</summary>
    public string Operation { get; }

    /// <summary>The object concerned, for example <c>vxlan cm-vx0</c>.</summary>
    public string Target { get; }

    /// <summary>The positive errno the kernel answered with.</summary>
    public int Errno { get; }

    /// <summary>The errno's symbolic name, for example <c>EEXIST</c> (<c>E?</c> when unknown).</summary>
    public string ErrnoName => Netlink.Errno.Name(Errno);

    /// <summary>The kernel's extended-ack text (<c>NLMSGERR_ATTR_MSG</c>), when it sent one.</summary>
    public string? KernelMessage { get; }

    private static string Format(string operation, string target, int errno, string? kernelMessage)
    {
        var text = $"{operation} {target}: {Netlink.Errno.Name(errno)} ({errno})";
        return string.IsNullOrEmpty(kernelMessage) ? text : $"{text}: {kernelMessage}";
    }
}

using ClusterMesh.Datapath.Ebpf.Netlink;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>
/// The eBPF datapath could not start. The message is meant for the operator: one line naming the missing
/// capability when privileges are missing, the verifier's log when a program was rejected.
/// </summary>
public sealed class EbpfStartException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public EbpfStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public EbpfStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public EbpfStartException()
    {
    }

    /// <summary>The operator's view of <paramref name="failure"/>.</summary>
    internal static EbpfStartException From(Exception failure) => failure switch
    {
        BpfVerifierException verifier => new($"eBPF datapath: {verifier.Message}", failure),
        BpfException { IsPermissionDenied: true } bpf => new($"eBPF datapath: {BpfException.PrivilegeHint} ({bpf.Command} was refused with {bpf.ErrnoName})", failure),
        NetlinkException { Errno: 1 or 13 } => new("eBPF datapath: needs CAP_NET_ADMIN (run as root) to configure devices, tc and routes", failure),
        _ => new($"eBPF datapath: {failure.Message}", failure),
    };
}

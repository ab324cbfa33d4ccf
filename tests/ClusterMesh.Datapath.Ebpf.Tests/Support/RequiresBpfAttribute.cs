namespace ClusterMesh.Datapath.Ebpf.Tests.Support;

/// <summary>
/// Marks a test class that needs bpf(2) with privileges (root, or CAP_BPF + CAP_NET_ADMIN). Outside CI its
/// tests are reported as skipped with a one-line reason when not root; under <c>CI=true</c> they run (and fail).
/// See <see cref="PrivilegedTestFramework"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresBpfAttribute : Attribute
{
    /// <summary>Why privileged tests cannot run here, or <c>null</c> when they can.</summary>
    public static string? MissingReason { get; } =
        Tmds.Linux.LibC.geteuid() == 0 ? null : "needs root (CAP_BPF and CAP_NET_ADMIN) for bpf(2); run the tests as root";
}

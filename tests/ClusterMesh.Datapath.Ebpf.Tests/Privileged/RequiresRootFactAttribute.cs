using ClusterMesh.Testing.Support;

namespace ClusterMesh.Datapath.Ebpf.Tests.Privileged;

/// <summary>
/// A fact that needs root (network namespaces, netlink changes, bpf). Outside CI it is skipped with a one-line
/// reason when the process is not privileged; under <c>CI=true</c> it runs anyway and fails, because CI must never
/// silently skip it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRootFactAttribute : FactAttribute
{
    public RequiresRootFactAttribute()
    {
        Skip = CiRequirement.SkipReason(Environment.IsPrivilegedProcess ? null : "needs root (network namespaces, netlink, bpf); run as root or under CI=true");
    }
}

using System.Security.Cryptography;
using System.Text;

namespace ClusterMesh.Datapath.Ebpf.Namespaces;

/// <summary>
/// Names of the host-side veth of a pod (endpoint). Convention, shared by the agent and the e2e scripts
/// (<c>eng/lib/topology.sh</c> computes it with <c>sha256sum</c>): <c>"lxc"</c> followed by the first 11 lowercase
/// hex characters of SHA-256 over the UTF-8 bytes of <c>"namespace/pod"</c> — 14 characters, within IFNAMSIZ (15),
/// stable across restarts, and the same on every node.
/// </summary>
public static class EndpointInterfaceNames
{
    /// <summary>The prefix every host-side endpoint interface has.</summary>
    public const string Prefix = "lxc";

    /// <summary>How many hex characters of the hash follow the prefix.</summary>
    public const int HashCharacters = 11;

    /// <summary>The host-side interface name for pod <paramref name="pod"/> in Kubernetes namespace <paramref name="podNamespace"/>.</summary>
    /// <example><c>HostSide("default", "xwing")</c> is <c>"lxc"</c> + the first 11 hex characters of sha256("default/xwing").</example>
    public static string HostSide(string podNamespace, string pod)
    {
        ArgumentException.ThrowIfNullOrEmpty(podNamespace);
        ArgumentException.ThrowIfNullOrEmpty(pod);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{podNamespace}/{pod}"));
        return Prefix + Convert.ToHexStringLower(hash)[..HashCharacters];
    }
}

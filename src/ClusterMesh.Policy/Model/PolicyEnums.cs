namespace ClusterMesh.Policy.Model;

/// <summary>Which way traffic flows relative to the endpoint a policy selects.</summary>
public enum TrafficDirection
{
    /// <summary>Traffic arriving at the selected endpoint.</summary>
    Ingress,

    /// <summary>Traffic leaving the selected endpoint.</summary>
    Egress,
}

/// <summary>An L4 protocol as policies name it.</summary>
public enum L4Protocol
{
    /// <summary>Any protocol (Cilium's ANY).</summary>
    Any,

    /// <summary>TCP.</summary>
    Tcp,

    /// <summary>UDP.</summary>
    Udp,

    /// <summary>SCTP.</summary>
    Sctp,
}

/// <summary>The source of a policy.</summary>
public enum PolicyKind
{
    /// <summary><c>networking.k8s.io/v1</c> NetworkPolicy.</summary>
    NetworkPolicy,

    /// <summary><c>cilium.io/v2</c> CiliumNetworkPolicy.</summary>
    CiliumNetworkPolicy,

    /// <summary><c>cilium.io/v2</c> CiliumClusterwideNetworkPolicy.</summary>
    CiliumClusterwideNetworkPolicy,
}

internal enum RuleAction
{
    Allow,
    Deny,
}

/// <summary>Cilium's policy entities, plus <c>mesh</c>: endpoints of every cluster in the mesh.</summary>
internal enum PolicyEntity
{
    World,
    Cluster,
    Host,
    RemoteNode,
    KubeApiServer,
    Init,
    Health,
    Unmanaged,
    All,
    Mesh,
}

internal static class PolicyEntities
{
    private static readonly Dictionary<string, PolicyEntity> ByName = new(StringComparer.Ordinal)
    {
        ["world"] = PolicyEntity.World,
        ["cluster"] = PolicyEntity.Cluster,
        ["host"] = PolicyEntity.Host,
        ["remote-node"] = PolicyEntity.RemoteNode,
        ["kube-apiserver"] = PolicyEntity.KubeApiServer,
        ["init"] = PolicyEntity.Init,
        ["health"] = PolicyEntity.Health,
        ["unmanaged"] = PolicyEntity.Unmanaged,
        ["all"] = PolicyEntity.All,
        ["mesh"] = PolicyEntity.Mesh,
    };

    public static bool TryParse(string? name, out PolicyEntity entity) => ByName.TryGetValue(name ?? string.Empty, out entity);

    public static string NameOf(PolicyEntity entity) => ByName.First(p => p.Value == entity).Key;
}

internal static class L4Protocols
{
    public static bool TryParse(string? text, L4Protocol fallback, out L4Protocol protocol)
    {
        protocol = fallback;
        switch (text?.ToUpperInvariant())
        {
            case null or "": return true;
            case "TCP": protocol = L4Protocol.Tcp; return true;
            case "UDP": protocol = L4Protocol.Udp; return true;
            case "SCTP": protocol = L4Protocol.Sctp; return true;
            case "ANY": protocol = L4Protocol.Any; return true;
            default: return false;
        }
    }
}

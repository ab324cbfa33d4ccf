using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Policy.Engine;

/// <summary>Where an entry came from: the policy and the rule (its field path), for traces.</summary>
/// <param name="Policy">The policy's <c>Kind/namespace/name</c>; null for the allow-all of a non-enforced direction.</param>
/// <param name="Rule">The rule's path, e.g. <c>spec.ingress[0]</c>.</param>
internal sealed record RuleOrigin(string? Policy, string? Rule)
{
    public static RuleOrigin NotEnforced { get; } = new(null, null);
}

/// <summary>One rule's wish for one key: allow (maybe redirected to a proxy) or deny.</summary>
internal readonly record struct Contribution(PortKey Key, bool Deny, bool Redirect, RuleOrigin Origin);

/// <summary>An entry of one identity's slice of a policy map (identity and direction are the slice's).</summary>
internal readonly record struct MapEntry(PortKey Key, PolicyMapValue Value, RuleOrigin Origin)
{
    /// <summary>The proxy port written for a redirect; the engine has no proxy, so a placeholder as in Cilium's tests.</summary>
    public const ushort PlaceholderProxyPort = 1;
}

using System.Collections.Immutable;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Policy.Model;

/// <summary>Who is on the other side of a rule.</summary>
internal abstract record Peer;

/// <summary>Every peer: endpoints of any cluster, reserved identities and the world (an empty NetworkPolicy from/to).</summary>
internal sealed record AnyPeer : Peer
{
    public static AnyPeer Instance { get; } = new();

    public override string ToString() => "any";
}

/// <summary>Endpoints whose labels match; the cluster scope is applied when evaluating, per the policy's cluster.</summary>
internal sealed record SelectorPeer(LabelSelector Selector) : Peer
{
    public override string ToString() => "endpoints " + Selector;
}

internal sealed record EntityPeer(PolicyEntity Entity) : Peer
{
    public override string ToString() => "entity " + PolicyEntities.NameOf(Entity);
}

/// <summary>
/// Addresses inside <see cref="Cidr"/> but outside every <see cref="Except"/>. A NetworkPolicy ipBlock also selects
/// endpoints by their IP (<see cref="SelectsEndpoints"/>, Kubernetes semantics); Cilium CIDR rules select only
/// addresses outside the mesh's endpoints.
/// </summary>
internal sealed record CidrPeer(IpPrefix Cidr, ImmutableArray<IpPrefix> Except, bool SelectsEndpoints) : Peer
{
    public bool Contains(System.Net.IPAddress address) => Cidr.Contains(address) && !Except.Any(e => e.Contains(address));

    public bool Equals(CidrPeer? other) =>
        other is not null && Cidr == other.Cidr && Except.SequenceEqual(other.Except) && SelectsEndpoints == other.SelectsEndpoints;

    public override int GetHashCode() => HashCode.Combine(Cidr, Except.Length, SelectsEndpoints);

    public override string ToString() => Except.IsEmpty ? "cidr " + Cidr : $"cidr {Cidr} except {string.Join(",", Except)}";
}

/// <summary>A port range (<see cref="Port"/> 0: every port) or a named port, with a protocol.</summary>
internal sealed record PortMatch(L4Protocol Protocol, int Port, int EndPort, string? Name)
{
    public static PortMatch AnyPort(L4Protocol protocol) => new(protocol, 0, 0, null);

    /// <summary>The port carries L7 rules (HTTP, Kafka, DNS): allowed traffic is redirected to a proxy.</summary>
    public bool L7 { get; init; }

    public override string ToString()
    {
        var proto = Protocol == L4Protocol.Any ? "ANY" : Protocol.ToString().ToUpperInvariant();
        return Name is not null ? $"{Name}/{proto}"
            : Port == 0 ? $"*/{proto}"
            : EndPort > Port ? $"{Port}-{EndPort}/{proto}" : $"{Port}/{proto}";
    }
}

/// <summary>
/// One rule: traffic in <see cref="Direction"/> with a peer among <see cref="Peers"/> (ORed; empty selects nothing)
/// on one of <see cref="Ports"/> (ORed; empty means every port and protocol). <see cref="Path"/> names the field.
/// </summary>
internal sealed record PolicyRule(TrafficDirection Direction, RuleAction Action, ImmutableArray<Peer> Peers, ImmutableArray<PortMatch> Ports, string Path)
{
    public bool Equals(PolicyRule? other) =>
        other is not null && Direction == other.Direction && Action == other.Action && Path == other.Path
        && Peers.SequenceEqual(other.Peers) && Ports.SequenceEqual(other.Ports);

    public override int GetHashCode() => HashCode.Combine(Direction, Action, Path);
}

using System.Collections.Immutable;
using ClusterMesh.Policy.Model;
using k8s.Models;

namespace ClusterMesh.Policy.Parsing;

/// <summary>
/// Reads a Kubernetes NetworkPolicy: policyTypes default to Ingress plus Egress when egress rules exist; a missing
/// or empty peer list means every peer, a missing or empty port list every port; podSelector and namespaceSelector
/// of one peer are ANDed, peers ORed; ipBlock selects by address, pod addresses included.
/// </summary>
internal static class NetworkPolicyParser
{
    public static Model.Policy Parse(V1NetworkPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var ns = policy.Metadata?.NamespaceProperty ?? "default";
        var name = policy.Metadata?.Name;
        var context = new ParseContext($"{PolicyKind.NetworkPolicy}/{ns}/{name}");
        if (string.IsNullOrEmpty(name))
        {
            context.Fail("metadata.name", "missing");
        }

        var spec = policy.Spec ?? new V1NetworkPolicySpec();
        var subject = context.Selector(spec.PodSelector, "spec.podSelector").And(ParseContext.InNamespace(ns));
        var (ingress, egress) = PolicyTypes(spec, context);

        var rules = ImmutableArray.CreateBuilder<PolicyRule>();
        if (ingress)
        {
            for (var i = 0; i < (spec.Ingress?.Count ?? 0); i++)
            {
                var rule = spec.Ingress![i];
                var path = $"spec.ingress[{i}]";
                rules.Add(new PolicyRule(TrafficDirection.Ingress, RuleAction.Allow,
                    Peers(rule.FromProperty, ns, path + ".from", context), Ports(rule.Ports, path + ".ports", context), path));
            }
        }

        if (egress)
        {
            for (var i = 0; i < (spec.Egress?.Count ?? 0); i++)
            {
                var rule = spec.Egress![i];
                var path = $"spec.egress[{i}]";
                rules.Add(new PolicyRule(TrafficDirection.Egress, RuleAction.Allow,
                    Peers(rule.To, ns, path + ".to", context), Ports(rule.Ports, path + ".ports", context), path));
            }
        }

        return new Model.Policy(PolicyKind.NetworkPolicy, name, ns, subject, selectsNodes: false, ingress, egress, rules.ToImmutable());
    }

    private static (bool Ingress, bool Egress) PolicyTypes(V1NetworkPolicySpec spec, ParseContext context)
    {
        if (spec.PolicyTypes is not { Count: > 0 } types)
        {
            return (true, spec.Egress is { Count: > 0 });
        }

        bool ingress = false, egress = false;
        for (var i = 0; i < types.Count; i++)
        {
            switch (types[i])
            {
                case "Ingress": ingress = true; break;
                case "Egress": egress = true; break;
                default: context.Fail($"spec.policyTypes[{i}]", $"unknown policy type '{types[i]}' (Ingress, Egress)"); break;
            }
        }

        return (ingress, egress);
    }

    private static ImmutableArray<Peer> Peers(IList<V1NetworkPolicyPeer>? peers, string ns, string field, ParseContext context)
    {
        if (peers is not { Count: > 0 })
        {
            return [AnyPeer.Instance];
        }

        var result = ImmutableArray.CreateBuilder<Peer>(peers.Count);
        for (var j = 0; j < peers.Count; j++)
        {
            var peer = peers[j];
            var path = $"{field}[{j}]";
            if (peer.IpBlock is not null)
            {
                if (peer.PodSelector is not null || peer.NamespaceSelector is not null)
                {
                    context.Fail(path, "ipBlock cannot be combined with podSelector or namespaceSelector");
                }

                result.Add(context.Cidr(peer.IpBlock.Cidr, peer.IpBlock.Except, selectsEndpoints: true, path + ".ipBlock.cidr"));
                continue;
            }

            if (peer.PodSelector is null && peer.NamespaceSelector is null)
            {
                context.Fail(path, "a peer needs podSelector, namespaceSelector or ipBlock");
            }

            var pods = context.Selector(peer.PodSelector, path + ".podSelector");
            var selector = peer.NamespaceSelector is null
                ? pods.And(ParseContext.InNamespace(ns))
                : pods.And(context.NamespaceSelector(peer.NamespaceSelector, path + ".namespaceSelector"));
            result.Add(new SelectorPeer(selector));
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<PortMatch> Ports(IList<V1NetworkPolicyPort>? ports, string field, ParseContext context)
    {
        if (ports is not { Count: > 0 })
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<PortMatch>(ports.Count);
        for (var k = 0; k < ports.Count; k++)
        {
            var path = $"{field}[{k}]";
            var protocol = context.Protocol(ports[k].Protocol, L4Protocol.Tcp, allowAny: false, path + ".protocol");
            result.Add(context.Port(ports[k].Port?.Value, ports[k].EndPort, protocol, path));
        }

        return result.ToImmutable();
    }
}

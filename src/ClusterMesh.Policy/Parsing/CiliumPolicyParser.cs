using System.Collections.Immutable;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Crd;
using ClusterMesh.Policy.Model;
using k8s.Models;

namespace ClusterMesh.Policy.Parsing;

/// <summary>
/// Reads CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy specs. In a namespaced policy the endpointSelector
/// and every fromEndpoints/toEndpoints selector that names no namespace are scoped to the policy's namespace.
/// A rule with ports but no L3 part selects every peer; an empty rule selects none (but still enforces).
/// </summary>
internal static class CiliumPolicyParser
{
    public static IReadOnlyList<Model.Policy> Parse(PolicyKind kind, V1ObjectMeta? metadata, CiliumPolicyRule? spec, IList<CiliumPolicyRule>? specs)
    {
        var clusterwide = kind == PolicyKind.CiliumClusterwideNetworkPolicy;
        var ns = clusterwide ? null : metadata?.NamespaceProperty ?? "default";
        var name = metadata?.Name;
        var context = new ParseContext(ns is null ? $"{kind}/{name}" : $"{kind}/{ns}/{name}");
        if (string.IsNullOrEmpty(name))
        {
            context.Fail("metadata.name", "missing");
        }

        var parts = new List<(CiliumPolicyRule Rule, string Path)>();
        if (spec is not null)
        {
            parts.Add((spec, "spec"));
        }

        for (var s = 0; s < (specs?.Count ?? 0); s++)
        {
            parts.Add((specs![s], $"specs[{s}]"));
        }

        if (parts.Count == 0)
        {
            context.Fail("spec", "missing");
        }

        return parts.Select(p => ParseRule(kind, name, ns, p.Rule, p.Path, context)).ToArray();
    }

    private static Model.Policy ParseRule(PolicyKind kind, string name, string? ns, CiliumPolicyRule rule, string path, ParseContext context)
    {
        if (rule.EndpointSelector is not null == rule.NodeSelector is not null)
        {
            context.Fail(path, "exactly one of endpointSelector and nodeSelector is required");
        }

        if (rule.NodeSelector is not null && ns is not null)
        {
            context.Fail(path + ".nodeSelector", "only a CiliumClusterwideNetworkPolicy may select nodes");
        }

        var subject = rule.NodeSelector is not null
            ? context.Selector(rule.NodeSelector, path + ".nodeSelector")
            : context.Selector(rule.EndpointSelector, path + ".endpointSelector");
        if (ns is not null)
        {
            subject = subject.And(ParseContext.InNamespace(ns));
        }

        var rules = ImmutableArray.CreateBuilder<PolicyRule>();
        Add(rules, rule.Ingress, TrafficDirection.Ingress, RuleAction.Allow, $"{path}.ingress", ns, context);
        Add(rules, rule.IngressDeny, TrafficDirection.Ingress, RuleAction.Deny, $"{path}.ingressDeny", ns, context);
        Add(rules, rule.Egress, TrafficDirection.Egress, RuleAction.Allow, $"{path}.egress", ns, context);
        Add(rules, rule.EgressDeny, TrafficDirection.Egress, RuleAction.Deny, $"{path}.egressDeny", ns, context);

        var ingress = (rule.Ingress is { Count: > 0 } || rule.IngressDeny is { Count: > 0 }) && rule.EnableDefaultDeny?.Ingress != false;
        var egress = (rule.Egress is { Count: > 0 } || rule.EgressDeny is { Count: > 0 }) && rule.EnableDefaultDeny?.Egress != false;
        return new Model.Policy(kind, name, ns, subject, rule.NodeSelector is not null, ingress, egress, rules.ToImmutable());
    }

    private static void Add<T>(ImmutableArray<PolicyRule>.Builder rules, IList<T>? section, TrafficDirection direction, RuleAction action, string field, string? ns, ParseContext context)
        where T : class
    {
        for (var i = 0; i < (section?.Count ?? 0); i++)
        {
            var path = $"{field}[{i}]";
            var (peers, toPorts) = section![i] switch
            {
                CiliumIngressRule r => (Peers(r.FromEndpoints, r.FromEntities, r.FromCidr, r.FromCidrSet, "from", path, ns, context), r.ToPorts),
                CiliumEgressRule r => (Peers(r.ToEndpoints, r.ToEntities, r.ToCidr, r.ToCidrSet, "to", path, ns, context), r.ToPorts),
                _ => throw new ArgumentException("unexpected rule type", nameof(section)),
            };
            var ports = Ports(toPorts, path + ".toPorts", context);
            if (peers is null)
            {
                // No L3 part: an L4-only rule applies to every peer; an empty rule applies to none.
                peers = toPorts is { Count: > 0 } ? [AnyPeer.Instance] : [];
            }

            rules.Add(new PolicyRule(direction, action, peers.Value, ports, path));
        }
    }

    private static ImmutableArray<Peer>? Peers(
        IList<V1LabelSelector>? endpoints, IList<string>? entities, IList<string>? cidrs, IList<CiliumCidrRule>? cidrSets,
        string prefix, string path, string? ns, ParseContext context)
    {
        if (endpoints is not { Count: > 0 } && entities is not { Count: > 0 } && cidrs is not { Count: > 0 } && cidrSets is not { Count: > 0 })
        {
            return null;
        }

        var peers = ImmutableArray.CreateBuilder<Peer>();
        for (var j = 0; j < (endpoints?.Count ?? 0); j++)
        {
            var selector = context.Selector(endpoints![j], $"{path}.{prefix}Endpoints[{j}]");
            if (ns is not null && !selector.Mentions(Label.NamespaceKey) && !selector.SelectsReserved)
            {
                selector = selector.And(ParseContext.InNamespace(ns));
            }

            peers.Add(new SelectorPeer(selector));
        }

        for (var j = 0; j < (entities?.Count ?? 0); j++)
        {
            if (!PolicyEntities.TryParse(entities![j], out var entity))
            {
                context.Fail($"{path}.{prefix}Entities[{j}]", $"unknown entity '{entities[j]}'");
            }

            peers.Add(new EntityPeer(entity));
        }

        for (var j = 0; j < (cidrs?.Count ?? 0); j++)
        {
            peers.Add(context.Cidr(cidrs![j], null, selectsEndpoints: false, $"{path}.{prefix}CIDR[{j}]"));
        }

        for (var j = 0; j < (cidrSets?.Count ?? 0); j++)
        {
            peers.Add(context.Cidr(cidrSets![j].Cidr, cidrSets[j].Except, selectsEndpoints: false, $"{path}.{prefix}CIDRSet[{j}].cidr"));
        }

        return peers.ToImmutable();
    }

    private static ImmutableArray<PortMatch> Ports(IList<CiliumPortRule>? toPorts, string field, ParseContext context)
    {
        var result = ImmutableArray.CreateBuilder<PortMatch>();
        for (var k = 0; k < (toPorts?.Count ?? 0); k++)
        {
            var ports = toPorts![k].Ports;
            if (ports is not { Count: > 0 })
            {
                result.Add(PortMatch.AnyPort(L4Protocol.Any));
                continue;
            }

            for (var m = 0; m < ports.Count; m++)
            {
                var path = $"{field}[{k}].ports[{m}]";
                var protocol = context.Protocol(ports[m].Protocol, L4Protocol.Any, allowAny: true, path + ".protocol");
                result.Add(context.Port(ports[m].Port, ports[m].EndPort, protocol, path) with { L7 = toPorts[k].Rules?.Any == true });
            }
        }

        return result.ToImmutable();
    }
}

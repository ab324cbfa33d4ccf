using System.Collections.Immutable;
using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Tests.Evaluation;

/// <summary>A small random mesh (two clusters, a few pods, random policies) built from a seed.</summary>
internal sealed class RandomMesh
{
    public static readonly ClusterName[] Clusters = [ClusterName.Parse("c1"), ClusterName.Parse("c2")];
    public static readonly string[] Apps = ["a", "b", "c"];
    public static readonly string[] Namespaces = ["x", "y"];
    private static readonly int[] Ports = [80, 81, 443];
    private static readonly L4Protocol[] Protocols = [L4Protocol.Tcp, L4Protocol.Udp];

    private readonly Random _random;

    public RandomMesh(int seed)
    {
        _random = new Random(seed);
        var endpoints = new List<PolicyEndpoint>();
        for (var i = 0; i < 6; i++)
        {
            var cluster = Pick(Clusters);
            var ns = Pick(Namespaces);
            var labels = EndpointLabels.ForPod(new Dictionary<string, string> { ["app"] = Pick(Apps) }, ns, null, cluster);
            endpoints.Add(new PolicyEndpoint($"{cluster}/{ns}/p{i}", cluster, labels, new NumericIdentity(70000u + (uint)i))
            {
                Addresses = [IPAddress.Parse($"10.0.{i}.1")],
                NamedPorts = _random.Next(2) == 0 ? [] : [new EndpointPort("http", Pick(Ports), Pick(Protocols))],
            });
        }

        Endpoints = endpoints;
        Policies = Clusters.ToDictionary(c => c, _ => (IReadOnlyList<Model.Policy>)Enumerable.Range(0, _random.Next(0, 4)).Select(n => RandomPolicy(n)).ToList());
    }

    public IReadOnlyList<PolicyEndpoint> Endpoints { get; }

    public Dictionary<ClusterName, IReadOnlyList<Model.Policy>> Policies { get; }

    public IEnumerable<Flow> Flows() =>
        from s in Endpoints.Select(FlowPeer.Of).Append(FlowPeer.Of(IPAddress.Parse("192.0.2.1")))
        from d in Endpoints.Select(FlowPeer.Of).Append(FlowPeer.Of(IPAddress.Parse("198.51.100.1")))
        from p in Ports
        from proto in Protocols
        select new Flow(s, d, p, proto);

    public ReferenceEvaluator Evaluator(Dictionary<ClusterName, IReadOnlyList<Model.Policy>>? policies = null) =>
        new(policies ?? Policies, Endpoints);

    /// <summary>The policies, one line each, for failure messages.</summary>
    public string Describe() => string.Join(Environment.NewLine, Policies.SelectMany(p => p.Value.Select(x =>
        $"{p.Key}: {x.Name} subject {x.Subject} in={x.EnforcesIngress} eg={x.EnforcesEgress} rules [{string.Join("; ", x.Rules.Select(r => $"{r.Direction} {r.Action} [{string.Join(",", r.Peers)}] [{string.Join(",", r.Ports)}]"))}]")));

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public PolicyRule RandomRule(TrafficDirection direction, RuleAction action, int index)
    {
        Peer peer = _random.Next(5) switch
        {
            0 => AnyPeer.Instance,
            1 => new EntityPeer(Pick(Enum.GetValues<PolicyEntity>())),
            2 => new CidrPeer(IpPrefix.Parse("10.0.0.0/16"), [IpPrefix.Parse($"10.0.{_random.Next(6)}.0/24")], _random.Next(2) == 0),
            _ => new SelectorPeer(Selector()),
        };
        ImmutableArray<PortMatch> ports = _random.Next(2) == 0 ? [] : [.. Enumerable.Range(0, _random.Next(1, 3)).Select(_ => RandomPort())];
        return new PolicyRule(direction, action, [peer], ports, $"rule[{index}]");
    }

    private PortMatch RandomPort()
    {
        var protocol = _random.Next(4) switch { 0 => L4Protocol.Any, 1 => L4Protocol.Udp, _ => L4Protocol.Tcp };
        var port = _random.Next(5) switch
        {
            0 => new PortMatch(protocol, 80, 443, null),
            1 => new PortMatch(protocol, 0, 0, "http"),
            2 => PortMatch.AnyPort(protocol),
            _ => new PortMatch(protocol, Pick(Ports), 0, null),
        };
        return port with { L7 = _random.Next(4) == 0 };
    }

    public Model.Policy RandomPolicy(int n)
    {
        var rules = Enumerable.Range(0, _random.Next(0, 4))
            .Select(i => RandomRule(Pick(Enum.GetValues<TrafficDirection>()), _random.Next(4) == 0 ? RuleAction.Deny : RuleAction.Allow, i))
            .ToImmutableArray();
        return new Model.Policy(PolicyKind.CiliumClusterwideNetworkPolicy, $"p{n}", null, Selector(), false,
            _random.Next(3) > 0, _random.Next(3) > 0, rules);
    }

    public LabelSelector Selector()
    {
        var requirements = ImmutableArray.CreateBuilder<SelectorRequirement>();
        if (_random.Next(3) > 0)
        {
            requirements.Add(new SelectorRequirement(null, "app", _random.Next(3) == 0 ? SelectorOperator.NotIn : SelectorOperator.In, [Pick(Apps)]));
        }

        if (_random.Next(3) == 0)
        {
            requirements.Add(new SelectorRequirement(null, Label.ClusterKey, SelectorOperator.In, [Pick(Clusters).Value]));
        }

        return new LabelSelector(requirements.ToImmutable());
    }
}

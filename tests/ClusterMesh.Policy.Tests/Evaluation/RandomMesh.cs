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
    private static readonly string[] Apps = ["a", "b", "c"];
    private static readonly string[] Namespaces = ["x", "y"];
    private static readonly int[] Ports = [80, 81, 443];

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
        select new Flow(s, d, p, L4Protocol.Tcp);

    public ReferenceEvaluator Evaluator(Dictionary<ClusterName, IReadOnlyList<Model.Policy>>? policies = null) =>
        new(policies ?? Policies, Endpoints);

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
        ImmutableArray<PortMatch> ports = _random.Next(2) == 0 ? [] : [new PortMatch(L4Protocol.Tcp, Pick(Ports), 0, null)];
        return new PolicyRule(direction, action, [peer], ports, $"rule[{index}]");
    }

    private Model.Policy RandomPolicy(int n)
    {
        var rules = Enumerable.Range(0, _random.Next(0, 4))
            .Select(i => RandomRule(Pick(Enum.GetValues<TrafficDirection>()), _random.Next(4) == 0 ? RuleAction.Deny : RuleAction.Allow, i))
            .ToImmutableArray();
        return new Model.Policy(PolicyKind.CiliumClusterwideNetworkPolicy, $"p{n}", null, Selector(), false,
            _random.Next(3) > 0, _random.Next(3) > 0, rules);
    }

    private LabelSelector Selector()
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

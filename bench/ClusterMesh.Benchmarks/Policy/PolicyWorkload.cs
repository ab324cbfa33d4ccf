using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Crd;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Parsing;
using k8s.Models;

namespace ClusterMesh.Benchmarks.Policy;

/// <summary>
/// The policy scale: identities from 10 clusters (1,000 each), 1,000 endpoints of the local cluster
/// (cluster1), and 500 policies in cluster1: NetworkPolicies and CiliumNetworkPolicies mixed (some cross-cluster,
/// some with deny rules, some with CIDRs). Labels come from small pools so selectors match tens of identities.
/// </summary>
internal sealed class PolicyWorkload
{
    public const int Clusters = 10;
    public const int Apps = 100;
    public const int Namespaces = 20;
    public static readonly ClusterName Local = ClusterName.Parse("cluster1");

    private readonly Random _random;

    public PolicyWorkload(int identities, int endpoints, int policies, int seed = 42)
    {
        _random = new Random(seed);
        var perCluster = identities / Clusters;
        for (var c = 1; c <= Clusters; c++)
        {
            var cluster = ClusterName.Parse($"cluster{c}");
            for (var i = 0; i < perCluster; i++)
            {
                var id = NumericIdentity.Create(new ClusterId(c), NumericIdentity.MinimalAllocationIdentity + (uint)i);
                var labels = Labels(i, cluster);
                if (c == 1 && i < endpoints)
                {
                    Endpoints.Add(new PolicyEndpoint($"cluster1/pod-{i}", cluster, labels, id)
                    {
                        Addresses = [new IPAddress([10, 1, (byte)(i / 250), (byte)(i % 250 + 1)])],
                    });
                }
                else
                {
                    Identities.Add((id, labels));
                }
            }
        }

        for (var p = 0; p < policies; p++)
        {
            Policies.Add(($"policy-{p}", Policy(p)));
        }
    }

    public List<(NumericIdentity Id, LabelSet Labels)> Identities { get; } = [];

    public List<PolicyEndpoint> Endpoints { get; } = [];

    public List<(string Key, IReadOnlyList<ClusterMesh.Policy.Model.Policy> Policies)> Policies { get; } = [];

    /// <summary>A fresh remote identity (for the incremental identity add).</summary>
    public (NumericIdentity Id, LabelSet Labels) NewIdentity(int n)
    {
        var cluster = 2 + (n % (Clusters - 1));
        return (NumericIdentity.Create(new ClusterId(cluster), 30000 + (uint)n), Labels(_random.Next(1000), ClusterName.Parse($"cluster{cluster}")));
    }

    public IReadOnlyList<ClusterMesh.Policy.Model.Policy> Policy(int p) => (p % 5) switch
    {
        0 or 1 => [PolicyParser.Parse(NetworkPolicy(p))],
        _ => PolicyParser.Parse(Cnp(p)),
    };

    private static LabelSet Labels(int i, ClusterName cluster) => EndpointLabels.ForPod(
        new Dictionary<string, string> { ["app"] = $"app{i % Apps}", ["tier"] = $"t{i % 3}" },
        $"ns{i % Namespaces}",
        new Dictionary<string, string> { ["team"] = $"team{i % Namespaces % 4}" },
        cluster);

    private V1NetworkPolicy NetworkPolicy(int p)
    {
        var ns = $"ns{p % Namespaces}";
        var peer = p % 10 == 0
            ? new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = $"172.{p % 32}.0.0/16", Except = [$"172.{p % 32}.{p % 7}.0/24"] } }
            : new V1NetworkPolicyPeer
            {
                PodSelector = Selector("app", p % 3 == 0 ? $"app{_random.Next(Apps)}" : AppIn(p % Namespaces)),
                NamespaceSelector = p % 3 == 0 ? Selector("team", $"team{p % 4}") : null,
            };
        return new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = $"np-{p}", NamespaceProperty = ns },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = Selector("app", AppIn(p % Namespaces)),
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [peer], Ports = [new V1NetworkPolicyPort { Port = 80 + (p % 4), Protocol = "TCP" }] }],
            },
        };
    }

    private CiliumNetworkPolicy Cnp(int p)
    {
        var remote = $"cluster{1 + _random.Next(Clusters)}";
        var peerNs = _random.Next(Namespaces);
        var spec = new CiliumPolicyRule
        {
            EndpointSelector = Selector("app", AppIn(p % Namespaces)),
            Ingress =
            [
                new CiliumIngressRule
                {
                    FromEndpoints = [Selector("app", AppIn(peerNs), ("io.cilium.k8s.policy.cluster", remote), ("io.kubernetes.pod.namespace", $"ns{peerNs}"))],
                    ToPorts = [new CiliumPortRule { Ports = [new CiliumPortProtocol { Port = "8000", EndPort = 8100, Protocol = "TCP" }] }],
                },
            ],
            Egress = p % 4 == 0
                ? [new CiliumEgressRule { ToCidrSet = [new CiliumCidrRule { Cidr = $"192.168.{p % 64}.0/24", Except = [$"192.168.{p % 64}.128/25"] }] }]
                : [new CiliumEgressRule { ToEndpoints = [Selector("tier", $"t{p % 3}", ("io.cilium.k8s.policy.cluster", remote))] }, new CiliumEgressRule { ToEntities = ["kube-apiserver", "world"] }],
            EgressDeny = p % 7 == 0 ? [new CiliumEgressRule { ToEndpoints = [Selector("app", AppIn(p % Namespaces))] }] : null,
        };
        return new CiliumNetworkPolicy { Metadata = new V1ObjectMeta { Name = $"cnp-{p}", NamespaceProperty = $"ns{p % Namespaces}" }, Spec = spec };
    }

    /// <summary>An app that lives in namespace <paramref name="ns"/> (app N is in namespace N mod 20).</summary>
    private string AppIn(int ns) => $"app{ns + (Namespaces * _random.Next(Apps / Namespaces))}";

    private static V1LabelSelector Selector(string key, string value, params (string Key, string Value)[] more)
    {
        var labels = new Dictionary<string, string> { [key] = value };
        foreach (var (k, v) in more)
        {
            labels[k] = v;
        }

        return new V1LabelSelector { MatchLabels = labels };
    }
}

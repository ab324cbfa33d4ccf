using ClusterMesh.Policy.Crd;
using ClusterMesh.Policy.Model;
using ClusterMesh.Policy.Parsing;
using k8s;

namespace ClusterMesh.Policy.Tests.Parsing;

public sealed class PolicyParserTests
{
    private const string Cnp = """
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata:
          name: web
          namespace: shop
        spec:
          endpointSelector:
            matchLabels:
              app: web
          ingress:
          - fromEndpoints:
            - matchLabels:
                app: client
              matchExpressions:
              - key: tier
                operator: NotIn
                values: [test]
            toPorts:
            - ports:
              - port: "8080"
                endPort: 8090
                protocol: TCP
          ingressDeny:
          - fromEntities: [world, mesh]
          egress:
          - toCIDRSet:
            - cidr: 10.0.0.0/8
              except: [10.1.0.0/16]
          enableDefaultDeny:
            egress: false
        """;

    [Fact]
    public void Cilium_policy_yaml_parses_through_the_type_map()
    {
        var objects = KubernetesYaml.LoadAllFromString(Cnp, PolicyParser.TypeMap());

        var cnp = Assert.IsType<CiliumNetworkPolicy>(Assert.Single(objects));
        var policy = Assert.Single(PolicyParser.Parse(cnp));

        Assert.Equal("CiliumNetworkPolicy/shop/web", policy.QualifiedName);
        Assert.True(policy.EnforcesIngress);
        Assert.False(policy.EnforcesEgress);
        Assert.Equal(3, policy.Rules.Length);
        var ingress = policy.Rules[0];
        var peer = Assert.IsType<SelectorPeer>(Assert.Single(ingress.Peers));
        Assert.True(peer.Selector.Mentions("io.kubernetes.pod.namespace"));
        Assert.Equal(new PortMatch(L4Protocol.Tcp, 8080, 8090, null), Assert.Single(ingress.Ports));
        Assert.Equal(RuleAction.Deny, policy.Rules[1].Action);
        Assert.Equal<Peer>([new EntityPeer(PolicyEntity.World), new EntityPeer(PolicyEntity.Mesh)], policy.Rules[1].Peers.ToArray());
        var cidr = Assert.IsType<CidrPeer>(Assert.Single(policy.Rules[2].Peers));
        Assert.Equal("10.0.0.0/8", cidr.Cidr.ToString());
        Assert.False(cidr.SelectsEndpoints);
    }

    [Fact]
    public void Clusterwide_policy_with_node_selector_selects_nodes_without_namespace()
    {
        var result = PolicyParser.LoadYaml("""
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: { name: hosts }
            spec:
              nodeSelector: { matchLabels: { role: worker } }
              ingress:
              - fromEntities: [cluster]
            """);

        var policy = Assert.Single(result.Policies);
        Assert.Empty(result.Errors);
        Assert.Null(policy.Namespace);
        Assert.True(policy.SelectsNodes);
        Assert.False(policy.Subject.Mentions("io.kubernetes.pod.namespace"));
    }

    [Theory]
    [InlineData("ingress:\n  - fromEntities: [galaxy]", "spec.ingress[0].fromEntities[0]", "unknown entity")]
    [InlineData("egress:\n  - toCIDR: [10.0.0.300/8]", "spec.egress[0].toCIDR[0]", "not a CIDR")]
    [InlineData("egress:\n  - toCIDRSet: [{cidr: 10.0.0.0/8, except: [192.168.0.0/16]}]", "spec.egress[0].toCIDRSet[0].cidr.except[0]", "not inside")]
    [InlineData("egress:\n  - toPorts: [{ports: [{endPort: 90, protocol: TCP}]}]", "spec.egress[0].toPorts[0].ports[0].endPort", "endPort without port")]
    [InlineData("egress:\n  - toEndpoints: [{matchExpressions: [{key: a, operator: Near, values: [b]}]}]", "spec.egress[0].toEndpoints[0].matchExpressions[0].operator", "unknown operator")]
    [InlineData("egress:\n  - toPorts: [{ports: [{port: \"80\", protocol: ICMPX}]}]", "spec.egress[0].toPorts[0].ports[0].protocol", "unknown protocol")]
    public void Bad_input_names_the_policy_and_the_field_and_spares_the_others(string rules, string field, string problem)
    {
        var yaml = $"""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {"{"} name: bad, namespace: ns {"}"}
            spec:
              endpointSelector: {"{"}{"}"}
              {rules.Replace("\n", "\n  ", StringComparison.Ordinal)}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {"{"} name: good, namespace: ns {"}"}
            spec:
              podSelector: {"{"}{"}"}
            """;

        var result = PolicyParser.LoadYaml(yaml);

        var error = Assert.Single(result.Errors);
        Assert.Equal("CiliumNetworkPolicy/ns/bad", error.Policy);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal("NetworkPolicy/ns/good", Assert.Single(result.Policies).QualifiedName);
    }

    [Theory]
    [InlineData("{podSelector: {}}", true, false)]
    [InlineData("{podSelector: {}, egress: [{}]}", true, true)]
    [InlineData("{podSelector: {}, egress: []}", true, false)]
    [InlineData("{podSelector: {}, policyTypes: [Egress]}", false, true)]
    public void NetworkPolicy_policy_types_default_from_the_rules(string spec, bool ingress, bool egress)
    {
        var policy = Assert.Single(PolicyParser.LoadYaml(
            $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: x}}\nspec: {spec}").Policies);

        Assert.Equal((ingress, egress), (policy.EnforcesIngress, policy.EnforcesEgress));
    }

    [Fact]
    public void NetworkPolicy_named_port_with_end_port_is_rejected()
    {
        var result = PolicyParser.LoadYaml("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: x}
            spec:
              podSelector: {}
              ingress:
              - ports: [{port: http, endPort: 90}]
            """);

        Assert.Equal("spec.ingress[0].ports[0].endPort", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]", "spec.ingress[0].from[0].ipBlock.cidr", "not a CIDR")]
    [InlineData("ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}]}]", "spec.ingress[0].from[0].ipBlock.cidr.except[0]", "not inside")]
    [InlineData("egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [\"fd00::/64\"]}}]}]", "spec.egress[0].to[0].ipBlock.cidr.except[0]", "not inside")]
    [InlineData("ingress: [{ports: [{endPort: 90}]}]", "spec.ingress[0].ports[0].endPort", "endPort without port")]
    [InlineData("ingress: [{ports: [{port: 90, endPort: 80}]}]", "spec.ingress[0].ports[0].endPort", "between port")]
    [InlineData("ingress: [{from: [{podSelector: {matchExpressions: [{key: a, operator: Equals, values: [b]}]}}]}]", "spec.ingress[0].from[0].podSelector.matchExpressions[0].operator", "unknown operator")]
    [InlineData("ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: a, operator: In}]}}]}]", "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values", "at least one value")]
    [InlineData("ingress: [{ports: [{port: 80, protocol: ICMP}]}]", "spec.ingress[0].ports[0].protocol", "unknown protocol")]
    [InlineData("ingress: [{ports: [{port: 80, protocol: ANY}]}]", "spec.ingress[0].ports[0].protocol", "unknown protocol")]
    [InlineData("policyTypes: [Sideways]", "spec.policyTypes[0]", "unknown policy type")]
    public void Bad_network_policy_names_the_policy_and_the_field_and_spares_the_others(string rules, string field, string problem)
    {
        var yaml = $"""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {"{"} name: bad, namespace: ns {"}"}
            spec:
              podSelector: {"{"}{"}"}
              {rules}
            ---
            apiVersion: cilium.io/v2
            kind: CiliumClusterwideNetworkPolicy
            metadata: {"{"} name: good {"}"}
            spec:
              endpointSelector: {"{"}{"}"}
              egressDeny: [{"{"}toEntities: [world]{"}"}]
            """;

        var result = PolicyParser.LoadYaml(yaml);

        var error = Assert.Single(result.Errors);
        Assert.Equal("NetworkPolicy/ns/bad", error.Policy);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal("CiliumClusterwideNetworkPolicy/good", Assert.Single(result.Policies).QualifiedName);
    }

    [Theory]
    [InlineData("ingress: [{fromCIDRSet: [{cidr: 10.0.0.0/8, except: [11.0.0.0/16]}]}]", "spec.ingress[0].fromCIDRSet[0].cidr.except[0]", "not inside")]
    [InlineData("ingress: [{fromCIDR: [bogus]}]", "spec.ingress[0].fromCIDR[0]", "not a CIDR")]
    [InlineData("egress: [{toEntities: [cluster, universe]}]", "spec.egress[0].toEntities[1]", "unknown entity")]
    [InlineData("ingressDeny: [{toPorts: [{ports: [{port: \"70000\"}]}]}]", "spec.ingressDeny[0].toPorts[0].ports[0].port", "outside 1..65535")]
    [InlineData("egressDeny: [{toEndpoints: [{matchExpressions: [{key: a, operator: Exists, values: [x]}]}]}]", "spec.egressDeny[0].toEndpoints[0].matchExpressions[0].values", "takes no values")]
    public void Bad_clusterwide_policy_names_the_policy_and_the_field(string rules, string field, string problem)
    {
        var result = PolicyParser.LoadYaml($"apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {{name: bad}}\nspec:\n  endpointSelector: {{}}\n  {rules}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("CiliumClusterwideNetworkPolicy/bad", error.Policy);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }
}

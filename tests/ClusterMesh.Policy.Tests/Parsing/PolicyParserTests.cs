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
}

using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;
using ClusterMesh.Policy.Parsing;

namespace ClusterMesh.Policy.Tests.Evaluation;

public sealed class ReferenceEvaluatorTests
{
    private static readonly ClusterName C1 = ClusterName.Parse("cluster1");
    private static readonly ClusterName C2 = ClusterName.Parse("cluster2");

    private static readonly PolicyEndpoint Web = Pod(C1, "web", "10.1.0.1", 70001);
    private static readonly PolicyEndpoint Client = Pod(C1, "client", "10.1.0.2", 70002);
    private static readonly PolicyEndpoint RemoteClient = Pod(C2, "client", "10.2.0.2", 140002);

    [Fact]
    public void A_deny_only_policy_still_turns_on_default_deny()
    {
        var evaluator = Evaluator("""
            ingressDeny:
            - fromEndpoints: [{matchLabels: {app: nobody}}]
            """);

        var verdict = evaluator.Evaluate(Flow.Between(Client, Web, 80, L4Protocol.Tcp));

        Assert.Equal(Verdict.Denied, verdict.Verdict);
        Assert.Equal(DecisionReason.DefaultDeny, verdict.Ingress.Reason);
        Assert.Equal("CiliumNetworkPolicy/default/web", verdict.Ingress.Policy);
    }

    [Fact]
    public void Deny_beats_allow_and_the_trace_names_the_rule()
    {
        var evaluator = Evaluator("""
            ingress:
            - fromEntities: [all]
            ingressDeny:
            - fromEndpoints: [{matchLabels: {app: client}}]
              toPorts: [{ports: [{port: "80", protocol: TCP}]}]
            """);

        var denied = evaluator.Evaluate(Flow.Between(Client, Web, 80, L4Protocol.Tcp));
        var allowed = evaluator.Evaluate(Flow.Between(Client, Web, 81, L4Protocol.Tcp));

        Assert.Equal((DecisionReason.DeniedByRule, "spec.ingressDeny[0]"), (denied.Ingress.Reason, denied.Ingress.Rule));
        Assert.Equal((DecisionReason.AllowedByRule, "spec.ingress[0]"), (allowed.Ingress.Reason, allowed.Ingress.Rule));
    }

    [Theory]
    [InlineData("cluster", false)]
    [InlineData("mesh", true)]
    [InlineData("all", true)]
    [InlineData("world", false)]
    public void Entities_cluster_and_mesh_differ_on_remote_clusters(string entity, bool remoteAllowed)
    {
        var evaluator = Evaluator($"ingress:\n- fromEntities: [{entity}]");

        Assert.Equal(remoteAllowed, evaluator.Evaluate(Flow.Between(RemoteClient, Web, 80, L4Protocol.Tcp)).Verdict == Verdict.Allowed);
    }

    [Fact]
    public void Cilium_cidr_rules_select_the_world_but_not_endpoints()
    {
        var evaluator = Evaluator("egress:\n- toCIDR: [10.0.0.0/8]");

        var toWorld = evaluator.Evaluate(new Flow(FlowPeer.Of(Web), FlowPeer.Of(IPAddress.Parse("10.9.9.9")), 443, L4Protocol.Tcp));
        var toPod = evaluator.Evaluate(new Flow(FlowPeer.Of(Web), FlowPeer.Of(IPAddress.Parse("10.1.0.2")), 443, L4Protocol.Tcp));

        Assert.Equal(Verdict.Allowed, toWorld.Verdict);
        Assert.Equal(DecisionReason.NotAnEndpoint, toWorld.Ingress.Reason);
        Assert.Equal(Verdict.Denied, toPod.Verdict);
    }

    [Fact]
    public void Unselected_endpoints_allow_everything()
    {
        var evaluator = Evaluator("ingress:\n- {}");

        var verdict = evaluator.Evaluate(Flow.Between(Web, Client, 80, L4Protocol.Udp));

        Assert.Equal((DecisionReason.NotEnforced, DecisionReason.NotEnforced), (verdict.Egress.Reason, verdict.Ingress.Reason));
    }

    private static ReferenceEvaluator Evaluator(string rules)
    {
        var yaml = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web, namespace: default}\nspec:\n"
            + "  endpointSelector: {matchLabels: {app: web}}\n" + string.Join("\n", rules.Split('\n').Select(l => "  " + l));
        var load = PolicyParser.LoadYaml(yaml);
        Assert.Empty(load.Errors);
        return new ReferenceEvaluator(new Dictionary<ClusterName, IReadOnlyList<Model.Policy>> { [C1] = load.Policies }, [Web, Client, RemoteClient]);
    }

    private static PolicyEndpoint Pod(ClusterName cluster, string app, string ip, uint id) =>
        new($"{cluster}/default/{app}", cluster, EndpointLabels.ForPod(new Dictionary<string, string> { ["app"] = app }, "default", null, cluster), new NumericIdentity(id))
        {
            Addresses = [IPAddress.Parse(ip)],
        };
}

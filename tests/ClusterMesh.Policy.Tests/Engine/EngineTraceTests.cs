using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;
using ClusterMesh.Policy.Parsing;

namespace ClusterMesh.Policy.Tests.Engine;

/// <summary>Verdicts from the maps name the rule and the policy that decided; identity changes reach the maps.</summary>
public sealed class EngineTraceTests
{
    private static readonly ClusterName Cluster = ClusterName.Parse("c1");

    private static readonly PolicyEndpoint Web = Pod("web", 70001);
    private static readonly PolicyEndpoint Db = Pod("db", 70002);

    private static PolicyEngine Engine()
    {
        var engine = new PolicyEngine();
        engine.UpsertEndpoint(Web);
        engine.UpsertEndpoint(Db);
        var loaded = PolicyParser.LoadYaml("""
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: db-ingress, namespace: default}
            spec:
              endpointSelector: {matchLabels: {app: db}}
              ingress: [{fromEndpoints: [{matchLabels: {app: web}}], toPorts: [{ports: [{port: "5432", protocol: TCP}]}]}]
              ingressDeny: [{fromEndpoints: [{matchLabels: {app: web}}], toPorts: [{ports: [{port: "22", protocol: TCP}]}]}]
            """);
        Assert.Empty(loaded.Errors);
        engine.UpsertPolicy(Cluster, "db-ingress", loaded.Policies);
        return engine;
    }

    [Fact]
    public void An_allow_names_its_rule_and_policy()
    {
        var verdict = Engine().Evaluate(Flow.Between(Web, Db, 5432, L4Protocol.Tcp));

        Assert.Equal(Verdict.Allowed, verdict.Verdict);
        Assert.Equal((DecisionReason.AllowedByRule, "CiliumNetworkPolicy/default/db-ingress", "spec.ingress[0]"), (verdict.Ingress.Reason, verdict.Ingress.Policy, verdict.Ingress.Rule));
        Assert.Equal(DecisionReason.NotEnforced, verdict.Egress.Reason);
    }

    [Fact]
    public void A_deny_names_its_rule_and_default_deny_names_the_enforcing_policy()
    {
        var engine = Engine();
        var denied = engine.Evaluate(Flow.Between(Web, Db, 22, L4Protocol.Tcp));
        var unlisted = engine.Evaluate(Flow.Between(Web, Db, 80, L4Protocol.Tcp));

        Assert.Equal((DecisionReason.DeniedByRule, "spec.ingressDeny[0]"), (denied.Ingress.Reason, denied.Ingress.Rule));
        Assert.Equal((DecisionReason.DefaultDeny, "CiliumNetworkPolicy/default/db-ingress"), (unlisted.Ingress.Reason, unlisted.Ingress.Policy));
        Assert.Contains("default deny", unlisted.Ingress.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_identity_that_a_selector_matches_gets_entries_and_loses_them_when_removed()
    {
        var engine = Engine();
        var remoteWeb = new NumericIdentity(70100);
        var db = engine.GetEndpointPolicy(Db.Name)!;

        engine.UpsertIdentity(remoteWeb, Pod("web-2", 70100).Labels);
        var added = db.Lookup(PolicyMapDirection.Ingress, remoteWeb, 6, 5432);
        engine.RemoveIdentity(remoteWeb);

        Assert.Equal(PolicyMapValue.Allow, added);
        Assert.Null(db.Lookup(PolicyMapDirection.Ingress, remoteWeb, 6, 5432));
        Assert.DoesNotContain(db.Dump(), e => e.Key.Identity == remoteWeb);
    }

    private static PolicyEndpoint Pod(string app, uint id) =>
        new($"c1/default/{app}", Cluster, EndpointLabels.ForPod(new Dictionary<string, string> { ["app"] = app.Split('-')[0] }, "default", null, Cluster), new NumericIdentity(id));
}

using System.Text.Json.Nodes;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Agent.Tests.PolicyTrace;

public sealed class PolicyTraceTests
{
    [Fact]
    public async Task Cross_cluster_flow_is_allowed_by_the_launch_post_policy()
    {
        var (code, output, error) = await Trace("cluster1/default/x-wing", "cluster2/default/rebel-base-1", "80/TCP", "-o", "json");

        Assert.True(code == 0, error);
        var report = JsonNode.Parse(output)!;
        Assert.Equal("ALLOWED", report["verdict"]!.GetValue<string>());
        Assert.Equal("ALLOWED", report["egress"]!["verdict"]!.GetValue<string>());
        Assert.Contains("allow-cross-cluster", report["egress"]!["policy"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ALLOWED", report["ingress"]!["verdict"]!.GetValue<string>());

        // Egress: x-wing's map holds an allow for rebel-base's identity; ingress: rebel-base's map allows any identity.
        var egressEntry = report["egressEntry"]!;
        Assert.Equal("Allow", egressEntry["policy"]!.GetValue<string>());
        Assert.Equal("Egress", egressEntry["direction"]!.GetValue<string>());
        Assert.NotEqual(0u, egressEntry["identity"]!.GetValue<uint>());
        Assert.Equal("ANY", egressEntry["portProtocol"]!.GetValue<string>());
        Assert.Equal(0u, report["ingressEntry"]!["identity"]!.GetValue<uint>());
        Assert.Equal("Ingress", report["ingressEntry"]!["direction"]!.GetValue<string>());
    }

    [Fact]
    public async Task Same_cluster_flow_is_denied_by_default_deny()
    {
        var (code, output, _) = await Trace("cluster1/default/x-wing", "cluster1/default/rebel-base-2", "80/TCP");

        Assert.Equal(0, code);
        Assert.StartsWith("DENIED", output, StringComparison.Ordinal);
        Assert.Contains("egress:  DENIED (DefaultDeny)", output, StringComparison.Ordinal);
        Assert.Contains("entry: none (no entry matches: default deny)", output, StringComparison.Ordinal);
        Assert.Contains("entry: Allow Ingress identity=0 ANY", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_of_a_default_deny_has_no_entry_for_that_direction()
    {
        var (code, output, _) = await Trace("cluster1/default/x-wing", "cluster1/default/rebel-base-2", "80/TCP", "-o", "json");

        Assert.Equal(0, code);
        var report = JsonNode.Parse(output)!;
        Assert.Equal("DENIED", report["verdict"]!.GetValue<string>());
        Assert.Null(report["egressEntry"]);
        Assert.NotNull(report["ingressEntry"]);
    }

    [Fact]
    public async Task Check_reference_reports_agreement()
    {
        var (code, output, error) = await Trace("cluster1/default/x-wing", "cluster2/default/rebel-base-2", "80/TCP", "--check-reference");

        Assert.True(code == 0, error);
        Assert.StartsWith("ALLOWED", output, StringComparison.Ordinal);
        Assert.Contains("reference: agrees", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reference_turns_a_disagreement_into_an_error()
    {
        // Known difference: the engine selects identities, so an ipBlock holding rebel-base-1's address selects the
        // identity rebel-base-2 shares with it; the reference selects by the sender's own address.
        using var dir = EmpireManifests.Write(rebelBaseCidr: "10.1.1.0/24");

        var (code, output, error) = await Trace("cluster1/default/rebel-base-2", "cluster1/default/rebel-base-1", "80/TCP", "--manifests", dir.Path, "--check-reference", "-o", "json");

        Assert.Equal(1, code);
        Assert.False(JsonNode.Parse(output)!["referenceAgrees"]!.GetValue<bool>());
        Assert.Contains("policy engine and reference evaluator disagree", error, StringComparison.Ordinal);
        Assert.Contains("ingress: engine ALLOWED (AllowedByRule) but reference DENIED (DefaultDeny)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_policy_in_another_folder_acts_in_its_own_cluster()
    {
        using var dir = new TempDirectory();
        EmpireManifests.CopyStarWars(dir);

        // cluster2 now admits rebel-base ingress only from its own cluster.
        dir.Write("cluster2/ingress-local-only.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: rebel-base-local-only
              namespace: default
            spec:
              podSelector:
                matchLabels:
                  name: rebel-base
              ingress:
                - from:
                    - podSelector: {}
            """);

        var (code, output, _) = await Trace("cluster1/default/x-wing", "cluster2/default/rebel-base-1", "80/TCP", "--manifests", dir.Path, "-o", "json");

        Assert.Equal(0, code);
        var report = JsonNode.Parse(output)!;
        Assert.Equal("DENIED", report["verdict"]!.GetValue<string>());
        Assert.Equal("ALLOWED", report["egress"]!["verdict"]!.GetValue<string>());
        Assert.Equal("DENIED", report["ingress"]!["verdict"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("cluster9/default/x-wing", "cluster2/default/rebel-base-1", "80/TCP", "--src: no pod 'cluster9/default/x-wing'")]
    [InlineData("cluster1/default/x-wing", "cluster2/default/rebel-base-1", "99999/TCP", "--dport: '99999/TCP' is not PORT/PROTO")]
    [InlineData("cluster1/default/x-wing", "cluster2/default/rebel-base-1", "80/ICMP", "--dport: unknown protocol 'ICMP'")]
    public async Task Bad_input_exits_non_zero_with_the_reason(string src, string dst, string port, string expected)
    {
        var (code, _, error) = await Trace(src, dst, port);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> Trace(string src, string dst, string port, params string[] extra) =>
        CliRunner.RunAsync(null, ["policy", "trace", "--src", src, "--dst", dst, "--dport", port, .. extra]);
}

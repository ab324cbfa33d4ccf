using ClusterMesh.Policy.Tests.Conformance.Txtar;

namespace ClusterMesh.Policy.Tests.Conformance;

/// <summary>
/// Cilium's policy script tests (cilium/txtar, every <c>cilium-policy-script/v1</c> file): their flow verdicts and
/// policy-map dumps run against the engine. Steps that only check agent CLI output are skipped for the reasons
/// below; a step whose op is neither run nor listed here fails the test.
/// </summary>
public sealed class TxtarConformanceTests
{
    /// <summary>Ops not run, with the reason; their assertions are counted as skipped.</summary>
    private static readonly Dictionary<string, string> NotRun = new(StringComparer.Ordinal)
    {
        ["endpoint.list"] = "checks the agent's endpoint/list table; the enforcement it shows is checked from expectedStructured instead",
        ["identity.list"] = "checks the agent's identity/list output format; identity allocation is tested in ClusterMesh.Replication",
        ["idm.list"] = "checks the agent's identity-manager refcount table; not a policy result",
        ["selectorCache.dump"] = "checks the agent's selector-cache dump text; the engine keeps a policy's selectors while the policy is installed, not while an endpoint uses them",
        ["statedb.show"] = "checks the agent's policy-computation table in statedb; not a policy result",
        ["endpoint.delete"] = "only precedes selector-cache and statedb checks, which are not run",
    };

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in CiliumData.FilesWithSchema("cilium-policy-script/"))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void The_folder_holds_the_script_tests() => Assert.True(Scripts().Count >= 9);

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_verdicts_and_policy_maps_match(string file)
    {
        var data = CiliumData.Load(file);
        var script = new TxtarScript(data);
        script.Run(NotRun);

        var failures = script.Checked.Where(c => c.Failure is not null).Select(c => $"step {c.Step} '{c.Line}': {c.Failure}").ToList();
        failures.AddRange(CheckEnforcement(data, script));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.All(script.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        var assertions = data.GetProperty("steps").EnumerateArray().Sum(s => s.TryGetProperty("assert", out var a) ? a.GetArrayLength() : 0);
        Assert.Equal(assertions, script.Checked.Count + script.Skipped.Count);
        var policyResults = data.GetProperty("expectedSummary").EnumerateArray()
            .Count(r => r.TryGetProperty("policymapOf", out _) || (r.TryGetProperty("expected", out var e) && e.GetString() is "allowed" or "denied"));
        Assert.True(script.Checked.Count >= policyResults - script.Skipped.Count(s => s.Reason.StartsWith("policy kinds", StringComparison.Ordinal)),
            $"{policyResults} verdict/policy-map results expected, {script.Checked.Count} checked");
    }

    /// <summary>The hand-read endpoint table of endpoint.txtar: an endpoint selected by no policy enforces nothing.</summary>
    private static IEnumerable<string> CheckEnforcement(System.Text.Json.JsonElement data, TxtarScript script)
    {
        if (!data.TryGetProperty("expectedStructured", out var rows) || rows.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var row in rows.EnumerateArray().Where(r => r.TryGetProperty("policyEnforcementIngress", out _)))
        {
            var enforced = script.EnforcementOfOnlyEndpoint();
            var expected = (row.GetProperty("policyEnforcementIngress").GetString() != "Disabled", row.GetProperty("policyEnforcementEgress").GetString() != "Disabled");
            if (enforced != expected)
            {
                yield return $"endpoint enforcement: expected {expected}, got {enforced}";
            }
        }
    }
}

using System.Globalization;
using System.Text.Json;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Crd;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Parsing;
using k8s;
using k8s.Models;

namespace ClusterMesh.Policy.Tests.Conformance.Txtar;

/// <summary>
/// Runs one transcribed Cilium script test (<c>cilium-policy-script/v1</c>) against the engine: identities are
/// allocated from 256 upwards (reserved labels resolve to reserved identities), each identity gets a map of its own
/// (Cilium's per-identity policy computation, which <c>policy/lookup-flow</c> reads), <c>policy/import</c> replaces
/// the file's policies and <c>policy/remove</c> deletes them. Upstream runs the scripts without cluster scoping.
/// </summary>
internal sealed class TxtarScript(JsonElement script)
{
    private static readonly ClusterName Cluster = ClusterName.Parse("default");
    private readonly PolicyEngine _engine = new(new PolicyOptions { PolicyDefaultLocalCluster = false });
    private readonly Dictionary<string, string> _vars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NumericIdentity> _byLabels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsupportedActive = new(StringComparer.Ordinal);
    private uint _nextIdentity = NumericIdentity.MinimalAllocationIdentity;
    private int _nextEndpoint = 1;

    /// <summary>Results of the assertions: checked ones (with a failure text when they failed) and skipped ones with a reason.</summary>
    public List<(int Step, string Line, string? Failure)> Checked { get; } = [];

    public List<(int Step, string Line, string Reason)> Skipped { get; } = [];

    public void Run(IReadOnlyDictionary<string, string> unsupportedOps)
    {
        var steps = script.GetProperty("steps").EnumerateArray().ToArray();
        string? stdout = null;
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var op = step.GetProperty("op").GetString()!;
            var line = step.GetProperty("line").GetString()!;
            var asserts = step.TryGetProperty("assert", out var a) ? a.EnumerateArray().ToArray() : [];
            if (unsupportedOps.TryGetValue(op, out var reason))
            {
                Skipped.AddRange(asserts.Select(_ => (i, line, reason)));
                continue;
            }

            stdout = op switch
            {
                "start" or "endpoint.regenerateAll" or "endpoint.waitForPolicyRevision" or "k8s.add" => null,
                "setenv" => Set(step.GetProperty("name").GetString()!, step.GetProperty("value").GetString()!),
                "identity.allocate" => Allocate(Labels(step)).Value.ToString(CultureInfo.InvariantCulture),
                "endpoint.create" => CreateEndpoint(Labels(step)),
                "policy.import" => Import(step.GetProperty("file").GetString()!),
                "policy.remove" => Remove(step.GetProperty("file").GetString()!),
                "policy.lookupFlow" => null,
                "policy.dumpPolicyMap" => null,
                _ => throw new InvalidOperationException($"step {i} '{line}': op {op} is neither run nor in the reason list"),
            };
            if (step.TryGetProperty("bindStdoutTo", out var bind) && stdout is not null)
            {
                _vars[bind.GetString()!] = stdout;
            }

            foreach (var assertion in asserts)
            {
                Check(i, line, step, assertion);
            }
        }
    }

    private void Check(int index, string line, JsonElement step, JsonElement assertion)
    {
        if (_unsupportedActive.Count > 0)
        {
            Skipped.Add((index, line, $"policy kinds not supported by the parser are active: {string.Join(", ", _unsupportedActive)} (Kubernetes ClusterNetworkPolicy v1alpha2 is not modelled)"));
            return;
        }

        switch (assertion.GetProperty("kind").GetString())
        {
            case "verdict":
                var egress = step.GetProperty("direction").GetString() == "egress";
                var from = Ref(step.GetProperty("from"));
                var to = Ref(step.GetProperty("to"));
                var map = _engine.GetEndpointPolicy(IdentityEndpoint(egress ? from : to))!;
                var allowed = map.Allows(egress ? PolicyMapDirection.Egress : PolicyMapDirection.Ingress, egress ? to : from,
                    step.GetProperty("proto").GetString() switch { "tcp" => 6, "udp" => 17, "sctp" => 132, _ => 0 },
                    step.GetProperty("port").GetUInt16());
                var expected = assertion.GetProperty("expected").GetString() == "allowed";
                Checked.Add((index, line, allowed == expected ? null : $"expected {(expected ? "allowed" : "denied")}, got {(allowed ? "allowed" : "denied")}"));
                break;
            case "policymap":
                var endpoint = _vars[step.GetProperty("endpoint").GetProperty("ref").GetString()!];
                Checked.Add((index, line, PolicyMapDump.Compare(assertion.GetProperty("entries"), _engine.GetEndpointPolicy(endpoint)!, Ref)));
                break;
            default:
                Skipped.Add((index, line, "assertion kind " + assertion.GetProperty("kind").GetString() + " is about agent CLI output, not policy results"));
                break;
        }
    }

    /// <summary>Ingress and egress enforcement of the one endpoint the script created.</summary>
    public (bool Ingress, bool Egress) EnforcementOfOnlyEndpoint()
    {
        var map = _engine.GetEndpointPolicy("1")!;
        return (map.IsEnforced(PolicyMapDirection.Ingress), map.IsEnforced(PolicyMapDirection.Egress));
    }

    private string? Set(string name, string value)
    {
        _vars[name] = value;
        return null;
    }

    private NumericIdentity Allocate(LabelSet labels)
    {
        var key = labels.ToKvStoreForm();
        if (_byLabels.TryGetValue(key, out var known))
        {
            return known;
        }

        var r = NumericIdentity.Unknown;
        var reserved = labels.Count == 1 && labels.First().Source == Label.SourceReserved && ReservedIdentities.TryGet(labels.First().Key, out r);
        var id = reserved ? r : new NumericIdentity(_nextIdentity++);
        _byLabels[key] = id;
        if (!reserved)
        {
            _engine.UpsertIdentity(id, labels);
            _engine.UpsertEndpoint(new PolicyEndpoint(IdentityEndpoint(id), Cluster, labels, id));
        }

        return id;
    }

    private string CreateEndpoint(LabelSet labels)
    {
        var id = Allocate(labels);
        var name = (_nextEndpoint++).ToString(CultureInfo.InvariantCulture);
        _engine.UpsertEndpoint(new PolicyEndpoint(name, Cluster, labels, id));
        return name;
    }

    private string? Import(string file)
    {
        var policy = script.GetProperty("policies").GetProperty(file);
        var json = policy.GetRawText();
        IReadOnlyList<Model.Policy>? parsed = policy.GetProperty("kind").GetString() switch
        {
            "NetworkPolicy" => [PolicyParser.Parse(KubernetesJson.Deserialize<V1NetworkPolicy>(json))],
            "CiliumNetworkPolicy" => PolicyParser.Parse(KubernetesJson.Deserialize<CiliumNetworkPolicy>(json)),
            "CiliumClusterwideNetworkPolicy" => PolicyParser.Parse(KubernetesJson.Deserialize<CiliumClusterwideNetworkPolicy>(json)),
            _ => null,
        };
        if (parsed is null)
        {
            _unsupportedActive.Add(file);
            return null;
        }

        _engine.UpsertPolicy(Cluster, file, parsed);
        return null;
    }

    private string? Remove(string file)
    {
        _unsupportedActive.Remove(file);
        _engine.RemovePolicy(Cluster, file);
        return null;
    }

    private static string IdentityEndpoint(NumericIdentity id) => "identity/" + id.Value.ToString(CultureInfo.InvariantCulture);

    private NumericIdentity Ref(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? new NumericIdentity(value.GetUInt32())
        : new NumericIdentity(uint.Parse(_vars[value.GetProperty("ref").GetString()!], CultureInfo.InvariantCulture));

    private static LabelSet Labels(JsonElement step) =>
        LabelSet.From(step.GetProperty("labels").EnumerateArray().Select(l => Label.Parse(l.GetString()!)));
}

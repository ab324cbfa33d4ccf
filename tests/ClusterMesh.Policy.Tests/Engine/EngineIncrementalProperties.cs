using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Tests.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Policy.Tests.Engine;

/// <summary>After any sequence of incremental changes, every endpoint's map equals a fresh full computation.</summary>
public sealed class EngineIncrementalProperties
{
    [Property(MaxTest = 120)]
    public Property Incremental_changes_equal_a_fresh_computation(int seed)
    {
        var mesh = new RandomMesh(seed);
        var random = new Random(seed);
        var engine = new PolicyEngine();
        var identities = new Dictionary<NumericIdentity, LabelSet>();
        var endpoints = new Dictionary<string, PolicyEndpoint>();
        var policies = new Dictionary<(ClusterName, string), Model.Policy>();
        var log = new List<string>();
        for (var step = 0; step < 30; step++)
        {
            switch (random.Next(6))
            {
                case 0:
                    var id = new NumericIdentity(80000u + (uint)random.Next(8));
                    var cluster = mesh.Pick(RandomMesh.Clusters);
                    var labels = EndpointLabels.ForPod(new Dictionary<string, string> { ["app"] = mesh.Pick(RandomMesh.Apps) }, mesh.Pick(RandomMesh.Namespaces), null, cluster);
                    identities[id] = labels;
                    engine.UpsertIdentity(id, labels);
                    log.Add($"identity+ {id.Value} {labels}");
                    break;
                case 1 when identities.Count > 0:
                    var gone = mesh.Pick(identities.Keys.ToList());
                    identities.Remove(gone);
                    engine.RemoveIdentity(gone);
                    log.Add($"identity- {gone.Value}");
                    break;
                case 2:
                    var endpoint = mesh.Pick(mesh.Endpoints);
                    endpoints[endpoint.Name] = endpoint;
                    engine.UpsertEndpoint(endpoint);
                    log.Add($"endpoint+ {endpoint.Name}");
                    break;
                case 3 when endpoints.Count > 0:
                    var name = mesh.Pick(endpoints.Keys.ToList());
                    endpoints.Remove(name);
                    engine.RemoveEndpoint(name);
                    log.Add($"endpoint- {name}");
                    break;
                case 4:
                    var policy = mesh.RandomPolicy(random.Next(5));
                    var where = mesh.Pick(RandomMesh.Clusters);
                    policies[(where, policy.QualifiedName)] = policy;
                    engine.UpsertPolicy(where, policy);
                    log.Add($"policy+ {where} {policy.Name}");
                    break;
                case 5 when policies.Count > 0:
                    var key = mesh.Pick(policies.Keys.ToList());
                    policies.Remove(key);
                    engine.RemovePolicy(key.Item1, key.Item2);
                    log.Add($"policy- {key.Item1} {key.Item2}");
                    break;
            }
        }

        var fresh = new PolicyEngine();
        foreach (var (cluster, key) in policies.Keys)
        {
            fresh.UpsertPolicy(cluster, key, [policies[(cluster, key)]]);
        }

        foreach (var endpoint in endpoints.Values)
        {
            fresh.UpsertEndpoint(endpoint);
        }

        foreach (var (id, labels) in identities)
        {
            fresh.UpsertIdentity(id, labels);
        }

        var differences = endpoints.Keys
            .Where(n => !Dump(engine, n).SequenceEqual(Dump(fresh, n)))
            .Select(n => $"{n}: incremental [{string.Join("; ", Dump(engine, n))}] fresh [{string.Join("; ", Dump(fresh, n))}]")
            .ToList();
        return (differences.Count == 0 && engine.IdentityCount == fresh.IdentityCount && engine.SelectorCount == fresh.SelectorCount)
            .Label(string.Join(Environment.NewLine, differences.Take(2).Concat(log)));
    }

    /// <summary>The map with CIDR identities named by their prefix: their numbers depend on the order policies came in.</summary>
    private static IEnumerable<string> Dump(PolicyEngine engine, string endpoint) =>
        engine.GetEndpointPolicy(endpoint)!.Dump()
            .Select(e => $"{e.Key.Direction} {(engine.TryGetCidrPrefix(e.Key.Identity, out var prefix) ? prefix.ToString() : e.Key.Identity.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))} {e.Key.ToString().Split(' ', 3)[2]} {e.Value}")
            .Order(StringComparer.Ordinal);
}

using System.Text.Json;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Engine;

namespace ClusterMesh.Policy.Tests.Conformance.Txtar;

/// <summary>Compares an expected <c>policy/policymap</c> dump with an endpoint's computed map.</summary>
internal static class PolicyMapDump
{
    /// <summary>
    /// Identities 11..14 are the aggregate buckets (cluster, cluster-mesh, world, remote-node) into which Cilium's
    /// realized map copies a wildcard entry; the engine keeps the desired map, where identity 0 stands for them.
    /// </summary>
    private static readonly HashSet<uint> AggregateBuckets = [11, 12, 13, 14];

    public static string? Compare(JsonElement expectedEntries, EndpointPolicy map, Func<JsonElement, NumericIdentity> resolve)
    {
        var expected = expectedEntries.EnumerateArray()
            .Select(e => (Identity: resolve(e.GetProperty("identity")), Entry: e))
            .Where(e => !AggregateBuckets.Contains(e.Identity.Value))
            .Select(e => Describe(
                e.Entry.GetProperty("direction").GetString()!, e.Identity.Value, e.Entry.GetProperty("proto").GetString()!,
                e.Entry.GetProperty("port").ValueKind == JsonValueKind.Number ? e.Entry.GetProperty("port").GetInt32() : 0,
                e.Entry.GetProperty("endPort").ValueKind == JsonValueKind.Number ? e.Entry.GetProperty("endPort").GetInt32() : 0,
                e.Entry.GetProperty("action").GetString()!, e.Entry.GetProperty("proxyPort").GetInt32()))
            .Order(StringComparer.Ordinal).ToArray();
        var actual = map.Dump().Select(e => Describe(
                e.Key.Direction == PolicyMapDirection.Ingress ? "ingress" : "egress", e.Key.Identity.Value,
                e.Key.Protocol switch { 0 => "ANY", 6 => "TCP", 17 => "UDP", 132 => "SCTP", var p => p.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                e.Key.Protocol == 0 || e.Key.PortPrefixLength == 0 ? 0 : e.Key.Port,
                e.Key.Protocol == 0 || e.Key.PortPrefixLength == 0 ? 0 : e.Key.EndPort,
                e.Value.Deny ? "deny" : "allow", e.Value.ProxyPort))
            .Order(StringComparer.Ordinal).ToArray();
        return expected.SequenceEqual(actual) ? null : $"expected [{string.Join("; ", expected)}], got [{string.Join("; ", actual)}]";
    }

    private static string Describe(string direction, uint identity, string proto, int port, int endPort, string action, int proxyPort) =>
        $"{direction} {identity} {proto} {port}-{endPort} {action} {proxyPort}";
}

using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>
/// Global services, checked as Cilium checks them: cluster, namespace and name set and matching the key, the
/// source's cluster and ID, and every frontend and backend address parses. The value is read by hand straight from
/// UTF-8 (<see cref="ClusterServiceJsonReader"/>, with the generated metadata's rules), its repeating names pooled.
/// </summary>
internal sealed class ClusterServiceCodec(WireValidationContext context)
    : JsonKvCodec<ClusterService, ServiceKey>(context, WireJsonContext.Default.ClusterService)
{
    private readonly Utf8StringPool _strings = new();

    public override ServiceKey KeyFor(ClusterService value) => new(value.Cluster, value.Namespace, value.Name);

    protected override ClusterService? Deserialize(ReadOnlySpan<byte> utf8) => ClusterServiceJsonReader.Read(utf8, _strings);

    protected override void CheckKey(string key, ServiceKey parsedKey) =>
        WireChecks.SourceCluster(key, parsedKey.Cluster, Context, "the key");

    protected override ClusterService Check(string key, ServiceKey parsedKey, ClusterService value)
    {
        WireChecks.Required(key, value.Cluster, "cluster");
        WireChecks.Required(key, value.Namespace, "namespace");
        WireChecks.Required(key, value.Name, "name");
        WireChecks.SourceCluster(key, value.Cluster, Context, "the value");
        WireChecks.Matches(key, value.Namespace, parsedKey.Namespace, "namespace");
        WireChecks.Matches(key, value.Name, parsedKey.Name, "name");
        WireChecks.ClusterId(key, value.ClusterID, Context);
        Ports(key, value.Frontends, "frontends");
        Ports(key, value.Backends, "backends");
        return value;
    }

    private static void Ports(string key, IReadOnlyDictionary<string, IReadOnlyDictionary<string, PortConfiguration>>? byAddress, string field)
    {
        foreach (var (address, ports) in byAddress ?? new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>())
        {
            WireChecks.Address(key, address, field);
            foreach (var (name, port) in ports ?? new Dictionary<string, PortConfiguration>())
            {
                if (port is null || string.IsNullOrEmpty(port.Protocol))
                {
                    throw WireChecks.Fail(key, RejectReason.InvalidField, $"{field} {address} port '{name}' has no protocol");
                }
            }
        }
    }
}

using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Json;

namespace ClusterMesh.Abstractions.Wire.Codecs;

/// <summary>
/// MCS-API service exports, checked as Cilium's <c>MCSAPIServiceSpec</c> checks itself (names set, a creation
/// time, known type / affinity / traffic settings) plus key and source agreement. Labels and annotations written
/// only under their legacy field names are taken over, as Cilium does.
/// </summary>
internal sealed class ServiceExportCodec(WireValidationContext context)
    : JsonKvCodec<ServiceExport, ServiceExportKey>(context, WireJsonContext.Default.ServiceExport)
{
    public override ServiceExportKey KeyFor(ServiceExport value) => new(value.Cluster, value.Namespace, value.Name);

    protected override void CheckKey(string key, ServiceExportKey parsedKey) =>
        WireChecks.SourceCluster(key, parsedKey.Cluster, Context, "the key");

    protected override ServiceExport Check(string key, ServiceExportKey parsedKey, ServiceExport value)
    {
        WireChecks.Required(key, value.Cluster, "cluster");
        WireChecks.Required(key, value.Namespace, "namespace");
        WireChecks.Required(key, value.Name, "name");
        WireChecks.SourceCluster(key, value.Cluster, Context, "the value");
        WireChecks.Matches(key, value.Namespace, parsedKey.Namespace, "namespace");
        WireChecks.Matches(key, value.Name, parsedKey.Name, "name");
        if (value.ExportCreationTimestamp == default)
        {
            throw WireChecks.Fail(key, RejectReason.InvalidField, "exportCreationTimestamp is unset");
        }

        OneOf(key, value.Type, "type", "ClusterSetIP", "Headless");
        OneOf(key, value.SessionAffinity, "sessionAffinity", "ClientIP", "None");
        if (value.InternalTrafficPolicy is not null)
        {
            OneOf(key, value.InternalTrafficPolicy, "internalTrafficPolicy", "Cluster", "Local");
        }

        if (value.TrafficDistribution is not null)
        {
            OneOf(key, value.TrafficDistribution, "trafficDistribution", "PreferClose", "PreferSameZone", "PreferSameNode");
        }

        foreach (var port in value.Ports ?? [])
        {
            if (port is null || port.Port is < 1 or > ushort.MaxValue)
            {
                throw WireChecks.Fail(key, RejectReason.InvalidField, $"port {port?.Port} is out of range 1..65535");
            }
        }

        if (value.Labels is not { Count: > 0 } && value.LegacyLabels is not null)
        {
            value = value with { Labels = value.LegacyLabels };
        }

        if (value.Annotations is not { Count: > 0 } && value.LegacyAnnotations is not null)
        {
            value = value with { Annotations = value.LegacyAnnotations };
        }

        return value;
    }

    private static void OneOf(string key, string? value, string field, params ReadOnlySpan<string> allowed)
    {
        foreach (var candidate in allowed)
        {
            if (string.Equals(value, candidate, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw WireChecks.Fail(key, RejectReason.InvalidField, $"{field} '{value}' is not one of {string.Join(", ", allowed.ToArray())}");
    }
}

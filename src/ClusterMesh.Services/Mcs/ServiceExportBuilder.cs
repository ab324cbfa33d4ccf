using ClusterMesh.Abstractions.Model;
using k8s.Models;

namespace ClusterMesh.Services.Mcs;

/// <summary>
/// Turns a local MCS-API ServiceExport and the Service it exports into the <see cref="ServiceExport"/> written under
/// <c>cilium/state/serviceexports/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.
/// </summary>
public sealed class ServiceExportBuilder
{
    private const string Headless = "None";
    private readonly string _cluster;

    /// <summary>Creates a builder for the exports of <paramref name="clusterName"/>.</summary>
    public ServiceExportBuilder(string clusterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        _cluster = clusterName;
    }

    /// <summary>
    /// The wire export: ports, type (<c>Headless</c> when clusterIP is <c>None</c>, else <c>ClusterSetIP</c>) and
    /// session affinity come from the Service; the creation time (whole seconds, UTC, as the wire keeps it),
    /// labels and annotations from the ServiceExport.
    /// </summary>
    /// <exception cref="ArgumentException">The Service is not the one the ServiceExport names.</exception>
    public ServiceExport Build(McsServiceExport export, V1Service service)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(service);
        var serviceNamespace = service.Metadata?.NamespaceProperty ?? "default";
        if (service.Metadata?.Name != export.Name || serviceNamespace != export.Namespace)
        {
            throw new ArgumentException(
                $"the service {serviceNamespace}/{service.Metadata?.Name} is not the exported {export.Namespace}/{export.Name}", nameof(service));
        }

        var spec = service.Spec ?? new V1ServiceSpec();
        var clientIp = spec.SessionAffinity == "ClientIP";
        return new ServiceExport
        {
            Cluster = _cluster,
            Namespace = export.Namespace,
            Name = export.Name,
            Annotations = Copy(export.ExportedAnnotations),
            Labels = Copy(export.ExportedLabels),
            ExportCreationTimestamp = WholeSecondsUtc(export.CreationTimestamp),
            Ports = (spec.Ports ?? []).Select(p => new ServiceExportPort
            {
                Name = string.IsNullOrEmpty(p.Name) ? null : p.Name,
                Protocol = p.Protocol ?? "TCP",
                AppProtocol = p.AppProtocol,
                Port = p.Port,
            }).ToList(),
            Type = spec.ClusterIP == Headless ? "Headless" : "ClusterSetIP",
            SessionAffinity = clientIp ? "ClientIP" : "None",
            SessionAffinityConfig = clientIp && spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is { } timeout
                ? new SessionAffinityConfig { ClientIP = new ClientIPConfig { TimeoutSeconds = timeout } }
                : null,
            IPFamilies = spec.IpFamilies is { Count: > 0 } families ? families.ToList() : null,
            InternalTrafficPolicy = spec.InternalTrafficPolicy,
            TrafficDistribution = spec.TrafficDistribution,
        };
    }

    private static DateTimeOffset WholeSecondsUtc(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static Dictionary<string, string>? Copy(IReadOnlyDictionary<string, string>? source) =>
        source is null ? null : new Dictionary<string, string>(source, StringComparer.Ordinal);
}

using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Model;
using k8s.Models;

namespace ClusterMesh.Services.Export;

/// <summary>
/// Turns a local Kubernetes Service and its EndpointSlices into a <see cref="LocalService"/> (for the merger) and,
/// when the service is global and shared, into the <see cref="ClusterService"/> written under
/// <c>cilium/state/services/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.
/// </summary>
public sealed class ServiceExporter
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";
    private readonly ServiceExportOptions _options;

    /// <summary>Creates an exporter for one cluster.</summary>
    public ServiceExporter(ServiceExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ClusterName);
        _options = options;
    }

    /// <summary>
    /// Reads a Service. Slices of other services (by the <c>kubernetes.io/service-name</c> label) and FQDN slices
    /// are ignored. Endpoints that are ready are active, serving but not ready are terminating, neither is
    /// quarantined (kept, never exported). A headless service (clusterIP None) has no frontends.
    /// </summary>
    public LocalService Read(V1Service service, IEnumerable<V1EndpointSlice> slices, V1Namespace? serviceNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(slices);
        var name = service.Metadata?.Name ?? throw new ArgumentException("the service has no name", nameof(service));
        var ns = service.Metadata.NamespaceProperty ?? "default";
        var sharing = ServiceAnnotations.Read(service.Metadata.Annotations, serviceNamespace?.Metadata?.Annotations, _options.NamespacesGlobalByDefault);
        return new LocalService
        {
            Namespace = ns,
            Name = name,
            Global = sharing.Global,
            Shared = sharing.Shared,
            Affinity = sharing.Affinity,
            Frontends = Frontends(service),
            Backends = EndpointSliceBackends.Read(slices.Where(s => BelongsTo(s, ns, name))),
            Labels = Copy(service.Metadata.Labels),
            Selector = Copy(service.Spec?.Selector),
        };
    }

    /// <summary>
    /// The wire value of a service, or null when it is not global and shared (then nothing is exported and an
    /// earlier export must be deleted). Only healthy backends are exported.
    /// </summary>
    public ClusterService? Export(LocalService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!service.Global || !service.Shared)
        {
            return null;
        }

        var backends = service.Backends.Where(b => b.State.IsHealthy()).ToList();
        var hostnames = backends.Where(b => !string.IsNullOrEmpty(b.Hostname)).ToDictionary(b => b.Address, b => b.Hostname!, StringComparer.Ordinal);
        var zones = backends.Where(b => b.Zone is not null).ToDictionary(b => b.Address, b => b.Zone!, StringComparer.Ordinal);
        return new ClusterService
        {
            Cluster = _options.ClusterName,
            ClusterID = _options.ClusterId,
            Namespace = service.Namespace,
            Name = service.Name,
            Frontends = service.Frontends,
            Backends = backends.ToDictionary(b => b.Address, b => b.Ports, StringComparer.Ordinal),
            Hostnames = hostnames.Count > 0 ? hostnames : null,
            Zones = zones.Count > 0 ? zones : null,
            Labels = service.Labels,
            Selector = service.Selector,
            IncludeExternal = true,
            Shared = true,
        };
    }

    /// <summary>Reads and exports in one step.</summary>
    public ClusterService? Export(V1Service service, IEnumerable<V1EndpointSlice> slices, V1Namespace? serviceNamespace = null) =>
        Export(Read(service, slices, serviceNamespace));

    private static bool BelongsTo(V1EndpointSlice slice, string ns, string name) =>
        (slice.Metadata?.NamespaceProperty is null || slice.Metadata.NamespaceProperty == ns)
        && slice.Metadata?.Labels is { } labels && labels.TryGetValue(ServiceNameLabel, out var owner) && owner == name;

    private static Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>> Frontends(V1Service service)
    {
        var spec = service.Spec;
        var result = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>(StringComparer.Ordinal);
        if (spec is null || string.Equals(spec.ClusterIP, "None", StringComparison.OrdinalIgnoreCase))
        {
            return result;
        }

        var addresses = spec.ClusterIPs is { Count: > 0 } ips ? ips : spec.ClusterIP is { Length: > 0 } ip ? [ip] : [];
        var ports = (spec.Ports ?? []).ToDictionary(
            p => p.Name ?? string.Empty,
            p => new PortConfiguration { Protocol = p.Protocol ?? "TCP", Port = (ushort)p.Port },
            StringComparer.Ordinal);
        foreach (var address in addresses.Where(a => !string.Equals(a, "None", StringComparison.OrdinalIgnoreCase)))
        {
            result[address] = ports;
        }

        return result;
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string>? source) =>
        source is null ? new(StringComparer.Ordinal) : new(source, StringComparer.Ordinal);
}

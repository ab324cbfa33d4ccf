using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Model;
using k8s.Models;

namespace ClusterMesh.Services.Tests.Support;

/// <summary>Short builders for services, backends and Kubernetes objects.</summary>
internal static class Build
{
    public static IReadOnlyDictionary<string, PortConfiguration> Ports(params (string Name, ushort Port, string Protocol)[] ports) =>
        ports.ToDictionary(p => p.Name, p => new PortConfiguration { Port = p.Port, Protocol = p.Protocol }, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, PortConfiguration> Http(ushort port = 8080) => Ports(("http", port, "TCP"));

    public static LocalService Local(string name, bool global = true, bool shared = true, ServiceAffinity affinity = ServiceAffinity.None,
        string clusterIp = "10.96.0.10", params LocalBackend[] backends) => new()
    {
        Namespace = "default",
        Name = name,
        Global = global,
        Shared = global && shared,
        Affinity = affinity,
        Frontends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>> { [clusterIp] = Ports(("http", 80, "TCP")) },
        Backends = backends,
    };

    public static LocalBackend Backend(string address, BackendState state = BackendState.Active) => new() { Address = address, Ports = Http(), State = state };

    public static ClusterService Remote(string cluster, int clusterId, string name, IEnumerable<string> backends,
        string? clusterIp = null, bool shared = true, bool global = true, IReadOnlyDictionary<string, PortConfiguration>? ports = null) => new()
    {
        Cluster = cluster,
        ClusterID = clusterId,
        Namespace = "default",
        Name = name,
        Frontends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>
        {
            [clusterIp ?? $"10.96.{clusterId}.10"] = Ports(("http", 80, "TCP")),
        },
        Backends = backends.ToDictionary(b => b, _ => ports ?? Http(), StringComparer.Ordinal),
        Labels = new Dictionary<string, string>(),
        Selector = new Dictionary<string, string>(),
        IncludeExternal = global,
        Shared = shared,
    };

    public static string KeyOf(ClusterService service) => $"cilium/state/services/v1/{service.Cluster}/{service.Namespace}/{service.Name}";

    public static V1Service Service(string name, string ns = "default", string clusterIp = "10.96.0.10",
        IDictionary<string, string>? annotations = null, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Annotations = annotations, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1ServiceSpec
        {
            ClusterIP = clusterIp,
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = ports.Length > 0 ? ports : [new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP" }],
        },
    };

    public static V1EndpointSlice Slice(string service, string ns = "default", params V1Endpoint[] endpoints) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{service}-abcde", NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service } },
        AddressType = "IPv4",
        Endpoints = endpoints,
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    public static V1Endpoint Endpoint(string address, bool? ready = true, bool? serving = null, bool? terminating = null) => new()
    {
        Addresses = [address],
        Conditions = new V1EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
    };
}

using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Model;

namespace ClusterMesh.Benchmarks.Services;

/// <summary>
/// A mesh of global services: every one of <c>clusters</c> clusters has the same <c>services</c> global services,
/// each with <c>backends</c> backends. Cluster c1 is local (its services as <see cref="LocalService"/>), the
/// others remote (their exports as <see cref="ClusterService"/> under their kvstore keys).
/// </summary>
internal sealed class ServiceMeshData
{
    private static readonly IReadOnlyDictionary<string, PortConfiguration> Http =
        new Dictionary<string, PortConfiguration>(StringComparer.Ordinal) { ["http"] = new() { Port = 8080, Protocol = "TCP" } };

    private ServiceMeshData(IReadOnlyList<LocalService> local, IReadOnlyList<(string Key, ClusterService Value)> remote)
    {
        Local = local;
        Remote = remote;
    }

    public IReadOnlyList<LocalService> Local { get; }

    public IReadOnlyList<(string Key, ClusterService Value)> Remote { get; }

    public static ServiceMeshData Create(int services, int backends, int clusters)
    {
        var local = new List<LocalService>(services);
        var remote = new List<(string, ClusterService)>(services * (clusters - 1));
        for (var s = 0; s < services; s++)
        {
            local.Add(new LocalService
            {
                Namespace = "bench",
                Name = NameOf(s),
                Global = true,
                Shared = true,
                Frontends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>(StringComparer.Ordinal)
                {
                    [$"10.96.{s >> 8}.{s & 255}"] = new Dictionary<string, PortConfiguration>(StringComparer.Ordinal) { ["http"] = new() { Port = 80, Protocol = "TCP" } },
                },
                Backends = [.. Enumerable.Range(0, backends).Select(b => new LocalBackend { Address = Address(1, s, b, backends), Ports = Http })],
            });
            for (var c = 2; c <= clusters; c++)
            {
                var value = Export(c, s, backends, Enumerable.Range(0, backends));
                remote.Add((KvKeys.Service(value.Cluster, value.Namespace, value.Name), value));
            }
        }

        return new ServiceMeshData(local, remote);
    }

    /// <summary>Cluster <paramref name="cluster"/>'s export of service <paramref name="service"/> with the given backend numbers.</summary>
    public static ClusterService Export(int cluster, int service, int backends, IEnumerable<int> backendNumbers) => new()
    {
        Cluster = $"c{cluster}",
        ClusterID = cluster,
        Namespace = "bench",
        Name = NameOf(service),
        Frontends = new Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>>(StringComparer.Ordinal)
        {
            [$"10.{96 + cluster}.{service >> 8}.{service & 255}"] = new Dictionary<string, PortConfiguration>(StringComparer.Ordinal) { ["http"] = new() { Port = 80, Protocol = "TCP" } },
        },
        Backends = backendNumbers.ToDictionary(b => Address(cluster, service, b, backends), _ => Http, StringComparer.Ordinal),
        Labels = new Dictionary<string, string>(),
        Selector = new Dictionary<string, string>(),
        IncludeExternal = true,
        Shared = true,
    };

    private static string NameOf(int service) => $"svc-{service:D5}";

    // 10.<cluster·20 + high bits>.<mid>.<low>: unique per cluster, service and backend.
    private static string Address(int cluster, int service, int backend, int backends)
    {
        var index = (service * (backends + 1)) + backend;
        return $"10.{(cluster * 20) + (index >> 16)}.{(index >> 8) & 255}.{index & 255}";
    }
}

using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Services.LoadBalancing;
using ClusterMesh.Services.Mcs;
using ClusterMesh.Services.Merge;
using ClusterMesh.Services.Model;

namespace ClusterMesh.Agent.GlobalServices;

/// <summary>
/// One node's global-service pipeline: the merger (fed with the cluster's own services and, as an observer, with
/// every remote cluster's), the Maglev tables it keeps current and mirrors into the node datapath's load-balancer
/// map (where connections are DNATed), and the MCS-API ServiceImports derived from the local and remote exports.
/// </summary>
internal sealed class NodeServices
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceExport> _localExports = new(StringComparer.Ordinal);
    private readonly HashSet<ServiceName> _localServices = [];

    public NodeServices(string cluster)
    {
        Tables = new LoadBalancerTables();
        Merger = new GlobalServiceMerger(cluster, Tables);
        Imports = new ServiceImportResolver();
    }

    public GlobalServiceMerger Merger { get; }

    public LoadBalancerTables Tables { get; }

    /// <summary>The derived ServiceImports; an observer of the remote clusters' exports.</summary>
    public ServiceImportResolver Imports { get; }

    /// <summary>
    /// Programs the tables into <paramref name="datapath"/>'s load-balancer map from now on; false when the
    /// datapath does no load balancing (services are then merged but not translated).
    /// </summary>
    public bool AttachDatapath(IDatapath datapath)
    {
        if (datapath is not ILoadBalancingDatapath balancing)
        {
            return false;
        }

        Tables.Attach(balancing.LoadBalancer);
        return true;
    }

    /// <summary>
    /// Replaces the cluster's own services and service exports with those of <paramref name="manifests"/>: at the
    /// start and whenever the manifests under a running agent change. A service gone from them leaves the merger
    /// (remote backends of the same name wait for it to come back).
    /// </summary>
    public void ApplyLocal(ClusterManifests manifests)
    {
        var services = ManifestServices.Read(manifests);
        lock (_gate)
        {
            var names = services.Select(s => s.ServiceName).ToHashSet();
            foreach (var gone in _localServices.Where(name => !names.Contains(name)).ToList())
            {
                Merger.RemoveLocal(gone);
            }

            _localServices.Clear();
            foreach (var service in services)
            {
                _localServices.Add(service.ServiceName);
                Merger.UpsertLocal(service);
            }
        }

        ApplyLocalExports(ManifestServiceExports.Read(manifests));
    }

    /// <summary>Replaces the cluster's own service exports (what its publisher writes) in the derived imports.</summary>
    public void ApplyLocalExports(IReadOnlyList<ServiceExport> exports)
    {
        lock (_gate)
        {
            var next = exports.ToDictionary(e => KvKeys.ServiceExport(e.Cluster, e.Namespace, e.Name), StringComparer.Ordinal);
            foreach (var (key, gone) in _localExports.Where(p => !next.ContainsKey(p.Key)).ToList())
            {
                _localExports.Remove(key);
                Imports.OnDelete(key, gone);
            }

            foreach (var (key, export) in next)
            {
                _localExports[key] = export;
                Imports.OnUpsert(key, export);
            }
        }
    }
}

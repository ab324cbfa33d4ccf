using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Services.Tests.Mcs;

/// <summary>Short builders for wire service exports.</summary>
internal static class McsGen
{
    public static ServiceExport Exported(string cluster, int createdAtSecond, string name = "web", string type = "ClusterSetIP",
        string affinity = "None", int? timeout = null, params (string Name, int Port, string Protocol)[] ports) => new()
    {
        Cluster = cluster,
        Namespace = "default",
        Name = name,
        ExportCreationTimestamp = DateTimeOffset.UnixEpoch.AddSeconds(createdAtSecond),
        Ports = (ports.Length > 0 ? ports : [("http", 80, "TCP")])
            .Select(p => new ServiceExportPort { Name = p.Name, Port = p.Port, Protocol = p.Protocol }).ToList(),
        Type = type,
        SessionAffinity = affinity,
        SessionAffinityConfig = timeout is { } t ? new SessionAffinityConfig { ClientIP = new ClientIPConfig { TimeoutSeconds = t } } : null,
    };

    public static string KeyOf(ServiceExport export) => KvKeys.ServiceExport(export.Cluster, export.Namespace, export.Name);
}

using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Mesh;

/// <summary>
/// Reads the clustermesh configuration directory: one file per remote cluster, named after it. Hidden files
/// (Kubernetes secret mounts keep their <c>..data</c> links there), the local cluster's file, files without
/// <c>endpoints:</c> and files whose name is not a valid cluster name are skipped.
/// </summary>
internal static class ClusterMeshConfigDirectory
{
    public static Dictionary<string, (string Text, RemoteClusterConnectionConfig Config)> Read(string directory, string localCluster, ILogger logger)
    {
        var wanted = new Dictionary<string, (string, RemoteClusterConnectionConfig)>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return wanted;
        }

        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name == localCluster)
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(path);
                if (ClusterMeshConfigFile.Parse(name, text, path) is not { } config)
                {
                    MeshLog.NotAConfig(logger, path);
                    continue;
                }

                if (ClusterName.Check(name) is { } problem)
                {
                    MeshLog.InvalidFile(logger, path, problem);
                    continue;
                }

                wanted[name] = (text, config);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                MeshLog.InvalidFile(logger, path, ex.Message);
            }
        }

        return wanted;
    }
}

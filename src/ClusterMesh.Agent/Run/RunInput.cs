using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Kvstore.Etcd.Config;
using ClusterMesh.Kvstore.Memory.Hosting;

namespace ClusterMesh.Agent.Run;

/// <summary>
/// Checks the options of <c>run</c> before anything starts, so that bad input ends at once with exit code 2 and a
/// message naming the option or the file and field, instead of an agent that retries forever.
/// </summary>
internal static class RunInput
{
    /// <exception cref="RunInputException">Some input cannot be used.</exception>
    public static RunPlan Resolve(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var datapath = DatapathChoices.Get(options.Datapath);
        var manifests = LoadManifests(options.Manifests, options.Cluster);
        LocalClusterState state;
        try
        {
            state = LocalStateBuilder.Build(manifests);
        }
        catch (ManifestException e)
        {
            throw new RunInputException(e.Message, e);
        }

        var node = state.Nodes.FirstOrDefault(n => n.Name == options.Node)
            ?? throw new RunInputException($"--node: no node '{options.Node}' in cluster {options.Cluster} (nodes: {string.Join(", ", state.Nodes.Select(n => n.Name))})");
        var kvstore = LoadKvstore(options.KvstoreConfig);
        CheckClusterMeshConfig(options.ClusterMeshConfig, options.Cluster);

        // The designated publisher of the cluster-wide keys: the first node by name, unless told otherwise.
        var publishClusterState = options.PublishClusterState
            ?? state.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal).First() == node.Name;
        var statusFile = options.StatusFile is null ? null : Path.GetFullPath(options.StatusFile);
        if (statusFile is not null && !Directory.Exists(Path.GetDirectoryName(statusFile)))
        {
            throw new RunInputException($"--status-file: directory {Path.GetDirectoryName(statusFile)} does not exist");
        }

        return new RunPlan(manifests, state, node, kvstore, Path.GetFullPath(options.ClusterMeshConfig), datapath, statusFile,
            publishClusterState, options.StatusInterval)
        {
            ManifestsPath = Path.GetFullPath(options.Manifests),
            ManifestPollInterval = options.ManifestPollInterval,
            DatapathHost = new DatapathHostSettings(options.UnderlayDevice, options.PinDirectory),
        };
    }

    internal static ClusterManifests LoadManifests(string directory, string cluster)
    {
        if (!Directory.Exists(directory))
        {
            throw new RunInputException($"--manifests: directory {directory} does not exist");
        }

        try
        {
            // Manifest files right in the folder: one cluster's folder; otherwise a mesh folder of cluster folders.
            var isCluster = Directory.EnumerateFiles(directory).Any(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal));
            var candidates = isCluster ? [ManifestDirectory.LoadCluster(directory)] : ManifestDirectory.LoadMesh(directory);
            return candidates.FirstOrDefault(c => c.Settings.Name.Value == cluster)
                ?? throw new RunInputException($"--cluster: no cluster '{cluster}' in {directory} (found: {string.Join(", ", candidates.Select(c => c.Settings.Name.Value))})");
        }
        catch (ManifestException e)
        {
            throw new RunInputException(e.Message, e);
        }
    }

    private static LocalKvstore LoadKvstore(string config)
    {
        if (MemoryKvStoreRegistry.IsMemoryEndpoint(config))
        {
            return new LocalKvstore(MemoryKvStoreRegistry.ParseName(config), null);
        }

        if (!File.Exists(config))
        {
            throw new RunInputException($"--kvstore-config: file {config} does not exist (an etcd config file or memory://NAME)");
        }

        try
        {
            return new LocalKvstore(null, EtcdConfigFile.Load(config));
        }
        catch (EtcdConfigurationException e)
        {
            throw new RunInputException($"--kvstore-config: {e.Message}", e);
        }
    }

    /// <summary>Every remote cluster's file must be usable: a broken one would only show as a remote that never gets ready.</summary>
    private static void CheckClusterMeshConfig(string directory, string localCluster)
    {
        if (!Directory.Exists(directory))
        {
            throw new RunInputException($"--clustermesh-config: directory {directory} does not exist");
        }

        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name == localCluster || ReadOrNull(path) is not { } text || !text.Contains("endpoints:", StringComparison.Ordinal))
            {
                continue; // Skipped the same way by the clustermesh config directory reader (which logs unreadable files).
            }

            try
            {
                var parsed = EtcdConfigFile.Parse(name, text, path);
                if (!parsed.Endpoints.All(MemoryKvStoreRegistry.IsMemoryEndpoint))
                {
                    EtcdConfigFile.Load(path);
                }
            }
            catch (EtcdConfigurationException e)
            {
                throw new RunInputException($"--clustermesh-config: {e.Message}", e);
            }
        }
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

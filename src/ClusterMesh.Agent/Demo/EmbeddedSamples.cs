namespace ClusterMesh.Agent.Demo;

/// <summary>The samples compiled into the agent, written out to a temporary folder on demand.</summary>
internal static class EmbeddedSamples
{
    private const string Prefix = "samples/";

    /// <summary>Writes the embedded sample <paramref name="name"/> to a new temporary folder and returns it.</summary>
    public static string Extract(string name)
    {
        var assembly = typeof(EmbeddedSamples).Assembly;
        var root = Path.Combine(Path.GetTempPath(), $"clustermesh-{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var resources = assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith($"{Prefix}{name}/", StringComparison.Ordinal))
            .ToList();
        if (resources.Count == 0)
        {
            throw new InvalidOperationException($"no embedded sample named '{name}'");
        }

        foreach (var resource in resources)
        {
            // Resource names keep the folder layout; MSBuild writes '\' on some hosts.
            var relative = resource[(Prefix.Length + name.Length + 1)..].Replace('\\', '/');
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var source = assembly.GetManifestResourceStream(resource)!;
            using var target = File.Create(path);
            source.CopyTo(target);
        }

        return root;
    }
}

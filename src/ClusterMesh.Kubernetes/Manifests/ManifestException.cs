namespace ClusterMesh.Kubernetes.Manifests;

/// <summary>A manifest file or document that cannot be used; names the file and what is wrong.</summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManifestException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The offending file (or directory).</summary>
    public string File { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}

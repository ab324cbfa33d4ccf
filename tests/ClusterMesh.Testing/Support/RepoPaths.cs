namespace ClusterMesh.Testing.Support;

/// <summary>Locates the repository and the shared reference folder from a test's output directory.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the folder holding ClusterMesh.Sdk.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The samples folder.</summary>
    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>
    /// The shared reference folder: <c>$CLUSTERMESH_SHARED</c> when set, else the nearest <c>shared/</c> holding
    /// <c>reference/</c> above the repository (beside a clone, or further up for a worktree).
    /// </summary>
    public static string Shared { get; } = FindShared();

    /// <summary>A folder under <c>shared/reference/</c>; throws naming where it looked when it is missing.</summary>
    public static string Reference(string name)
    {
        var path = Path.Combine(Shared, "reference", name);
        return Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"{path} does not exist (set CLUSTERMESH_SHARED to the shared folder)");
    }

    private static string FindShared()
    {
        if (Environment.GetEnvironmentVariable("CLUSTERMESH_SHARED") is { Length: > 0 } overridden)
        {
            return overridden;
        }

        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference")))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(Root, "..", "shared"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterMesh.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ClusterMesh.Sdk.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>A temporary directory deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a fresh, uniquely named directory.</summary>
    public TempDirectory() => Directory.CreateDirectory(Path);

    /// <summary>The directory path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "clustermesh-test-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Writes a file relative to the directory, creating folders as needed.</summary>
    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}

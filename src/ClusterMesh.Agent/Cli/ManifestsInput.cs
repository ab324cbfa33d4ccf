using System.CommandLine;
using ClusterMesh.Agent.Demo;
using ClusterMesh.Kubernetes.Manifests;

namespace ClusterMesh.Agent.Cli;

/// <summary>The <c>--manifests</c> option shared by the commands that read a manifests directory.</summary>
internal static class ManifestsInput
{
    public static Option<DirectoryInfo?> Option() => new("--manifests")
    {
        Description = "Directory with one folder of manifests per cluster (default: the embedded samples/starwars).",
    };

    /// <summary>
    /// Runs <paramref name="body"/> on the given directory, or on the embedded Star Wars sample written to a
    /// temporary folder (removed afterwards); unusable manifests are bad input, reported with file and field.
    /// </summary>
    public static async Task<int> RunAsync(DirectoryInfo? given, TextWriter error, Func<string, Task<int>> body)
    {
        var extracted = given is null ? EmbeddedSamples.Extract("starwars") : null;
        try
        {
            return await body(given?.FullName ?? extracted!);
        }
        catch (ManifestException e)
        {
            await error.WriteLineAsync(e.Message);
            return AgentCli.BadInput;
        }
        finally
        {
            if (extracted is not null)
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }
}

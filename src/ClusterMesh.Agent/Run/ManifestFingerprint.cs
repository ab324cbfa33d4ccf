using System.Globalization;
using System.Text;

namespace ClusterMesh.Agent.Run;

/// <summary>
/// What the manifest folder looks like on disk: every YAML file's path, size and last write time. Two equal
/// fingerprints mean nothing worth re-reading changed (a pod added, edited or deleted changes it).
/// </summary>
internal static class ManifestFingerprint
{
    public static string Of(string directory)
    {
        var text = new StringBuilder();
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                text.Append(CultureInfo.InvariantCulture, $"{file}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}\n");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder changing under the scan: report something different so the next poll looks again.
            text.Append(CultureInfo.InvariantCulture, $"unreadable: {e.Message}");
        }

        return text.ToString();
    }
}

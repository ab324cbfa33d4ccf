using System.Globalization;

namespace ClusterMesh.Replication.Common;

/// <summary>The RFC 3339 timestamps Cilium writes for canaries and heartbeats (Go's <c>time.RFC3339</c>).</summary>
internal static class Rfc3339
{
    /// <summary>Formats a time as UTC with second precision, e.g. <c>2025-01-01T00:00:00Z</c>.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The UTF-8 bytes of <see cref="Format"/>.</summary>
    public static byte[] FormatUtf8(DateTimeOffset time) => System.Text.Encoding.UTF8.GetBytes(Format(time));

    /// <summary>Parses an RFC 3339 timestamp with any offset.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(System.Text.Encoding.UTF8.GetString(utf8), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out time);
}

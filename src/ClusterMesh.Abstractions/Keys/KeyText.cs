namespace ClusterMesh.Abstractions.Keys;

/// <summary>Splitting and checking of key paths.</summary>
internal static class KeyText
{
    /// <summary>The part of <paramref name="key"/> after <c>prefix + "/"</c>, or <c>false</c>.</summary>
    public static bool TryStrip(string? key, string prefix, out ReadOnlySpan<char> rest)
    {
        rest = default;
        if (key is null || key.Length <= prefix.Length + 1
            || !key.StartsWith(prefix, StringComparison.Ordinal) || key[prefix.Length] != '/')
        {
            return false;
        }

        rest = key.AsSpan(prefix.Length + 1);
        return true;
    }

    /// <summary>Splits <paramref name="rest"/> into exactly <paramref name="parts"/>.Length non-empty segments.</summary>
    public static bool TrySplit(ReadOnlySpan<char> rest, Span<string?> parts)
    {
        for (var i = 0; i < parts.Length; i++)
        {
            var slash = rest.IndexOf('/');
            var last = i == parts.Length - 1;
            if (last != (slash < 0))
            {
                return false;
            }

            var segment = last ? rest : rest[..slash];
            if (segment.IsEmpty)
            {
                return false;
            }

            parts[i] = segment.ToString();
            rest = last ? default : rest[(slash + 1)..];
        }

        return true;
    }

    /// <summary>Checks one path segment: non-empty and without '/'.</summary>
    public static string Segment(string? value, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, paramName);
        return value.Contains('/', StringComparison.Ordinal)
            ? throw new ArgumentException($"'{value}' must not contain '/'", paramName)
            : value;
    }

    public static FormatException NotA(string what, string? key) => new($"'{key}' is not a {what} key");
}

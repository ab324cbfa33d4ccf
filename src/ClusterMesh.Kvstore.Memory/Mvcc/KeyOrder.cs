namespace ClusterMesh.Kvstore.Memory.Mvcc;

/// <summary>
/// Orders keys the way etcd does: by their UTF-8 bytes. UTF-16 ordinal order differs from that only where a
/// surrogate (a code point above U+FFFF) meets a character in U+E000..U+FFFF, so only that case is corrected.
/// </summary>
internal sealed class KeyOrder : IComparer<string>
{
    public static KeyOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        int common = x.AsSpan().CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        char a = x[common];
        char b = y[common];
        bool surrogateA = char.IsSurrogate(a);
        bool surrogateB = char.IsSurrogate(b);
        if (surrogateA != surrogateB)
        {
            return surrogateA ? 1 : -1;
        }

        return a.CompareTo(b);
    }
}

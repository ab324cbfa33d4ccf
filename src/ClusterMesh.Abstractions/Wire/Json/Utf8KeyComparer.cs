namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Compares UTF-8 keys by content, and lets a dictionary keyed by <c>byte[]</c> be searched with a
/// <see cref="ReadOnlySpan{T}"/> of the reader's buffer, so a lookup allocates nothing; the key array is made only
/// when a value is added. <see cref="HashCode"/> is seeded per process, so a remote cluster cannot choose values
/// that all collide.
/// </summary>
internal sealed class Utf8KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    /// <summary>The one instance (the comparer has no state).</summary>
    public static Utf8KeyComparer Instance { get; } = new();

    private Utf8KeyComparer()
    {
    }

    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }
}

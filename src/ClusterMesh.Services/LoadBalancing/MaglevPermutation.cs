using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ClusterMesh.Services.LoadBalancing;

/// <summary>
/// One backend's preference order over the slots of a table of prime size M: <c>(offset + j·skip) mod M</c>,
/// with offset and skip from two independent hashes of the backend's key. Skip is in 1..M-1 and M is prime, so
/// the first M positions visit every slot exactly once.
/// </summary>
internal readonly record struct MaglevPermutation(int Offset, int Skip, int Size)
{
    public static MaglevPermutation Of(string backendKey, int tableSize)
    {
        // Two independent 64-bit hashes of the key: the halves of one SHA-256 digest (stable everywhere, and
        // well enough mixed that similar addresses get unrelated permutations).
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(backendKey), digest);
        var offset = (int)(BinaryPrimitives.ReadUInt64LittleEndian(digest) % (ulong)tableSize);
        var skip = (int)(BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]) % (ulong)(tableSize - 1)) + 1;
        return new MaglevPermutation(offset, skip, tableSize);
    }

    /// <summary>The slot at position <paramref name="position"/> of the preference order.</summary>
    public int Slot(int position) => (int)((Offset + ((long)position * Skip)) % Size);

    /// <summary>The position of <paramref name="slot"/> in the preference order (the inverse of <see cref="Slot"/>).</summary>
    public int PositionOf(int slot) => (int)((((slot - Offset) % (long)Size) + Size) % Size * InverseSkip % Size);

    // Skip's inverse modulo the prime size (Fermat: skip^(size-2)), so a slot's position needs no search.
    private long InverseSkip { get; } = ModPow(Skip, Size - 2, Size);

    private static long ModPow(long value, long exponent, long modulus)
    {
        var result = 1L;
        value %= modulus;
        for (; exponent > 0; exponent >>= 1)
        {
            if ((exponent & 1) == 1)
            {
                result = result * value % modulus;
            }

            value = value * value % modulus;
        }

        return result;
    }
}

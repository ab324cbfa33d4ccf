using System.Numerics;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>
/// Hashes LPM keys (<see cref="uint"/> for IPv4, <see cref="UInt128"/> for IPv6) for <see cref="LinearProbeTable{TKey,TValue}"/>:
/// Fibonacci hashing, whose top bits are the slot index.
/// </summary>
/// <remarks>
/// Keys are masked addresses: /24 keys end in zero bits and host keys of one subnet are consecutive, so the low
/// bits of a key are a poor index. A multiply by an odd 64-bit constant carries every input bit into the top
/// bits, which is why the index is taken from the top. IPv6 keys fold both halves first (the default
/// <see cref="UInt128"/> hash made probes several times slower than IPv4 in a measurement with 250,000 entries),
/// with a shift so that bits of the upper half, which a multiply only carries upwards, reach the top too.
/// </remarks>
internal static class KeyHash
{
    private const ulong Golden = 0x9E37_79B9_7F4A_7C15UL; // 2^64 / golden ratio, odd
    private const ulong FoldMultiplier = 0xC2B2_AE3D_27D4_EB4FUL; // an odd constant unrelated to Golden

    /// <summary>The slot index of <paramref name="key"/> in a table of 2^(64 - <paramref name="shift"/>) slots.</summary>
    public static int Index<TKey>(TKey key, int shift)
        where TKey : unmanaged, IBinaryInteger<TKey> => (int)(Mix(key) >> shift);

    /// <summary>The shift that turns a 64-bit mix into an index for <paramref name="capacity"/> slots (a power of two, at least 2).</summary>
    public static int ShiftFor(int capacity) => 64 - BitOperations.Log2((uint)capacity);

    private static ulong Mix<TKey>(TKey key)
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        // typeof tests on a value type are constants to the JIT: each instantiation keeps one branch.
        if (typeof(TKey) == typeof(UInt128))
        {
            var wide = UInt128.CreateTruncating(key);
            var folded = (ulong)wide ^ ((ulong)(wide >> 64) * FoldMultiplier);
            return (folded ^ (folded >> 32)) * Golden;
        }

        return ulong.CreateTruncating(key) * Golden;
    }
}

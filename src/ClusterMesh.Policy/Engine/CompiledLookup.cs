using System.Numerics;

namespace ClusterMesh.Policy.Engine;

/// <summary>
/// One direction of a policy map flattened into a single array for the lookup, so a lookup touches few cache
/// lines: word 0 holds the wildcard count and the slot-table size; then the wildcard's packed entries; then an
/// open-addressing table of slots (identity 32 bits, start 20, count 12; 0 = empty); then every identity's packed entries.
/// <see cref="Details"/> holds the full entry at the same index. Rebuilt after the map changes.
/// </summary>
internal sealed class CompiledLookup
{
    private const int MaxWords = (1 << 20) - 1;
    private const int MaxSlice = (1 << 12) - 1;
    private readonly ulong[] _flat;

    public CompiledLookup(Slice wildcard, Dictionary<uint, Slice> byIdentity)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, byIdentity.Count * 2));
        var total = 1 + wildcard.Packed.Length + size + byIdentity.Values.Sum(s => s.Packed.Length);
        if (total > MaxWords || byIdentity.Values.Any(s => s.Packed.Length > MaxSlice))
        {
            throw new InvalidOperationException($"a policy map direction of {total} words (or a slice over {MaxSlice} entries) exceeds the compiled lookup's layout");
        }

        _flat = new ulong[total];
        Details = new MapEntry[total];
        _flat[0] = (uint)wildcard.Packed.Length | ((ulong)size << 32);
        Array.Copy(wildcard.Packed, 0, _flat, 1, wildcard.Packed.Length);
        Array.Copy(wildcard.Entries, 0, Details, 1, wildcard.Entries.Length);
        var tableStart = 1 + wildcard.Packed.Length;
        var next = tableStart + size;
        foreach (var (identity, slice) in byIdentity)
        {
            var slot = Hash(identity) & (size - 1);
            while (_flat[tableStart + slot] != 0)
            {
                slot = (slot + 1) & (size - 1);
            }

            _flat[tableStart + slot] = ((ulong)identity << 32) | ((ulong)next << 12) | (uint)slice.Packed.Length;
            Array.Copy(slice.Packed, 0, _flat, next, slice.Packed.Length);
            Array.Copy(slice.Entries, 0, Details, next, slice.Entries.Length);
            next += slice.Packed.Length;
        }
    }

    public MapEntry[] Details { get; }

    /// <summary>The index of the deciding entry in <see cref="Details"/>, or -1 (default deny).</summary>
    public int Lookup(uint identity, byte protocol, ushort port)
    {
        var flat = _flat;
        var header = flat[0];
        var wildcards = (int)(uint)header;
        var size = (int)(header >> 32);
        var tableStart = 1 + wildcards;
        var found = -1;
        var bits = -1;
        var slot = Hash(identity) & (size - 1);
        while (true)
        {
            var entry = flat[tableStart + slot];
            if (entry == 0)
            {
                break;
            }

            if ((uint)(entry >> 32) == identity)
            {
                var start = (int)((entry >> 12) & MaxWords);
                var end = start + (int)(entry & MaxSlice);
                for (var i = start; i < end; i++)
                {
                    if (Slice.Matches(flat[i], protocol, port))
                    {
                        found = i;
                        bits = Slice.BitsOf(flat[i]);
                        break;
                    }
                }

                break;
            }

            slot = (slot + 1) & (size - 1);
        }

        for (var i = 1; i < tableStart; i++)
        {
            if (Slice.BitsOf(flat[i]) <= bits)
            {
                break;
            }

            if (Slice.Matches(flat[i], protocol, port))
            {
                return i;
            }
        }

        return found;
    }

    private static int Hash(uint identity) => (int)((identity * 0x9E3779B1u) >> 8);
}

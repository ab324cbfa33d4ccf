using System.Numerics;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>
/// The prefixes of one address family: one hash table per prefix length, probed from the longest length
/// present to the shortest, so a lookup costs one hash probe per distinct length in use (a handful in practice:
/// /32, /24, /16, /0...) whatever the number of entries.
/// </summary>
/// <remarks>
/// Not synchronized for writers: <see cref="LpmMap{TValue}"/> serializes them. Readers may run during a write:
/// the per-length tables are <see cref="LinearProbeTable{TKey,TValue}"/> (lock-free, allocation-free reads whose
/// overlap with a write <see cref="LpmMap{TValue}"/> detects and retries), a table once created is never
/// replaced, and the list of lengths present is an immutable array replaced whole.
/// </remarks>
/// <typeparam name="TKey">The address as an integer of the family's width: <see cref="uint"/> or <see cref="UInt128"/>.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class LpmFamilyTable<TKey, TValue>
    where TKey : unmanaged, IBinaryInteger<TKey>
{
    private readonly TKey[] _masks;
    private readonly LinearProbeTable<TKey, LpmEntry<TValue>>?[] _byLength;
    private int[] _lengthsLongestFirst = [];

    public LpmFamilyTable()
    {
        Width = TKey.AllBitsSet.GetByteCount() * 8;
        _masks = new TKey[Width + 1];
        for (var length = 1; length <= Width; length++)
        {
            // Length 0 keeps mask 0: a shift by the full width would wrap around to a shift by 0.
            _masks[length] = TKey.AllBitsSet << (Width - length);
        }

        _byLength = new LinearProbeTable<TKey, LpmEntry<TValue>>?[Width + 1];
    }

    /// <summary>Number of bits of a key (32 or 128).</summary>
    public int Width { get; }

    /// <summary>Inserts or replaces; <c>true</c> when the prefix is new.</summary>
    public bool Upsert(TKey key, int length, LpmEntry<TValue> entry)
    {
        var table = _byLength[length];
        if (table is null)
        {
            table = new LinearProbeTable<TKey, LpmEntry<TValue>>();
            _byLength[length] = table;
        }

        if (!table.Upsert(key & _masks[length], entry))
        {
            return false;
        }

        if (table.Count == 1)
        {
            PublishLengths();
        }

        return true;
    }

    public bool Delete(TKey key, int length)
    {
        var table = _byLength[length];
        if (table is null || !table.Delete(key & _masks[length]))
        {
            return false;
        }

        if (table.Count == 0)
        {
            PublishLengths();
        }

        return true;
    }

    public bool TryLookup(TKey key, out LpmEntry<TValue> entry)
    {
        // The array is published after the tables of its lengths exist, so every table read here is non-null.
        var lengths = Volatile.Read(ref _lengthsLongestFirst);
        foreach (var length in lengths)
        {
            if (_byLength[length]!.TryGetValue(key & _masks[length], out entry))
            {
                return true;
            }
        }

        entry = default;
        return false;
    }

    public void CopyTo(List<LpmEntry<TValue>> target)
    {
        foreach (var table in _byLength)
        {
            table?.CopyValuesTo(target);
        }
    }

    private void PublishLengths()
    {
        var lengths = new List<int>();
        for (var length = Width; length >= 0; length--)
        {
            if (_byLength[length]?.Count > 0)
            {
                lengths.Add(length);
            }
        }

        Volatile.Write(ref _lengthsLongestFirst, lengths.ToArray());
    }
}

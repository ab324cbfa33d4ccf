using System.Collections.Concurrent;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>
/// The prefixes of one address family: one hash table per prefix length, probed from the longest length
/// present to the shortest, so a lookup costs one hash probe per distinct length in use (a handful in practice:
/// /32, /24, /16, /0...) whatever the number of entries.
/// </summary>
/// <remarks>
/// Not synchronized for writers: <see cref="LpmMap{TValue}"/> serializes them. Readers may run during a write:
/// the per-length tables are <see cref="ConcurrentDictionary{TKey,TValue}"/> (lock-free, allocation-free reads)
/// and the list of lengths present is an immutable array replaced whole.
/// </remarks>
internal sealed class LpmFamilyTable<TValue>
{
    private readonly UInt128[] _masks;
    private readonly ConcurrentDictionary<UInt128, LpmEntry<TValue>>?[] _byLength;
    private int[] _lengthsLongestFirst = [];

    public LpmFamilyTable(int width)
    {
        Width = width;
        _masks = new UInt128[width + 1];
        var widthMask = UInt128.MaxValue >> (128 - width);
        for (var length = 1; length <= width; length++)
        {
            // Length 0 keeps mask 0: a shift by the full width would wrap around to a shift by 0.
            _masks[length] = (UInt128.MaxValue << (width - length)) & widthMask;
        }

        _byLength = new ConcurrentDictionary<UInt128, LpmEntry<TValue>>?[width + 1];
    }

    /// <summary>Number of bits of a key (32 or 128).</summary>
    public int Width { get; }

    public int Count { get; private set; }

    /// <summary>Inserts or replaces; <c>true</c> when the prefix is new.</summary>
    public bool Upsert(UInt128 key, int length, LpmEntry<TValue> entry)
    {
        var table = _byLength[length];
        if (table is null)
        {
            table = new ConcurrentDictionary<UInt128, LpmEntry<TValue>>();
            _byLength[length] = table;
        }

        var added = table.TryAdd(key & _masks[length], entry);
        if (!added)
        {
            table[key & _masks[length]] = entry;
            return false;
        }

        Count++;
        if (table.Count == 1)
        {
            PublishLengths();
        }

        return true;
    }

    public bool Delete(UInt128 key, int length)
    {
        var table = _byLength[length];
        if (table is null || !table.TryRemove(key & _masks[length], out _))
        {
            return false;
        }

        Count--;
        if (table.IsEmpty)
        {
            PublishLengths();
        }

        return true;
    }

    public bool TryLookup(UInt128 key, out LpmEntry<TValue> entry)
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
            if (table is not null)
            {
                target.AddRange(table.Values);
            }
        }
    }

    private void PublishLengths()
    {
        var lengths = new List<int>();
        for (var length = Width; length >= 0; length--)
        {
            if (_byLength[length] is { IsEmpty: false })
            {
                lengths.Add(length);
            }
        }

        Volatile.Write(ref _lengthsLongestFirst, lengths.ToArray());
    }
}

using System.Numerics;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>
/// A hash table that stores its entries inline in slots (open addressing, linear probing, backward-shift
/// deletion): no object per entry. The prefix tables of an agent mirroring a large mesh hold hundreds of thousands
/// of long-lived entries; as nodes of a <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}"/>
/// the GC copied each of them between generations during the initial sync. The slots live in pages of at most
/// <see cref="PageSlots"/> (under 85,000 bytes): one array of a few megabytes would land on the large object heap,
/// and growing it there during a sync used up that heap's budget and forced full collections of everything mirrored.
/// </summary>
/// <remarks>
/// <para>One writer at a time (the caller serializes writers). Readers take no lock, allocate nothing and may run
/// during a write: they read the slot storage once, so a growth (a rehash into new pages published with a
/// volatile write) never mixes two generations in one lookup, and their probe loop is bounded by the table length,
/// so a half-written table can make a read wrong but never endless or out of bounds. A read that overlapped a
/// write may miss a present key (a deletion shifts entries backwards) or see a torn slot: the caller must
/// detect the overlap and retry, as <see cref="LpmMap{TValue}"/> does with its sequence lock.</para>
/// <para>Deletion shifts the following entries of the probe chain back instead of leaving tombstones, so
/// churn never degrades probes and a lookup stops at the first empty slot.</para>
/// </remarks>
/// <typeparam name="TKey">The key: an integer of at most 64 bits, or <see cref="UInt128"/>.</typeparam>
/// <typeparam name="TValue">The value, stored inline in the slot.</typeparam>
internal sealed class LinearProbeTable<TKey, TValue>
    where TKey : unmanaged, IBinaryInteger<TKey>
{
    private const int MinCapacity = 8;
    private const int PageBits = 10;
    private const int PageSlots = 1 << PageBits; // 64 KB pages for IPv6 slots, 40 KB for IPv4

    private Storage _slots;
    private int _count;

    /// <summary>Creates a table sized for <paramref name="capacity"/> entries without growing.</summary>
    public LinearProbeTable(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _slots = new Storage(CapacityFor(capacity));
    }

    /// <summary>Number of entries; for the writer (readers have no consistent view of it).</summary>
    public int Count => _count;

    /// <summary>Number of slots, a power of two; exposed for tests of growth and shrinking.</summary>
    internal int Capacity => _slots.Length;

    /// <summary>Looks a key up without locking; see the remarks for reads that overlap a write.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        var index = KeyHash.Index(key, slots.Shift);

        // At most one pass over the table, even if a concurrent write shows it full.
        for (var probes = 0; probes < slots.Length; probes++)
        {
            ref readonly var slot = ref slots[index];
            if (!slot.Occupied)
            {
                break;
            }

            if (slot.Key == key)
            {
                value = slot.Value;
                return true;
            }

            index = (index + 1) & mask;
        }

        value = default!;
        return false;
    }

    /// <summary>Inserts or replaces; <c>true</c> when the key is new. Writer only.</summary>
    public bool Upsert(TKey key, TValue value)
    {
        var index = Find(_slots, key);
        if (_slots[index].Occupied)
        {
            _slots[index].Value = value;
            return false;
        }

        // Grow at three quarters full: linear probing degrades fast beyond that.
        if (_count + 1 > _slots.Length / 4 * 3)
        {
            Resize(_slots.Length * 2);
            index = Find(_slots, key);
        }

        ref var slot = ref _slots[index];
        slot.Key = key;
        slot.Value = value;
        slot.Occupied = true;
        _count++;
        return true;
    }

    /// <summary>Removes a key; <c>true</c> when it was present. Writer only.</summary>
    public bool Delete(TKey key)
    {
        var slots = _slots;
        var hole = Find(slots, key);
        if (!slots[hole].Occupied)
        {
            return false;
        }

        // Backward shift: every later entry of the chain whose home is not between the hole and itself (cyclically)
        // would become unreachable past the hole, so it moves into the hole, which moves on to where it was.
        var mask = slots.Length - 1;
        var shift = slots.Shift;
        for (var next = (hole + 1) & mask; slots[next].Occupied; next = (next + 1) & mask)
        {
            var home = KeyHash.Index(slots[next].Key, shift);
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                slots[hole] = slots[next];
                hole = next;
            }
        }

        slots[hole] = default; // also drops the value's references for the GC
        _count--;

        // Give memory back after a mass delete (a remote cluster gone), well below the growth threshold so
        // that churn around one size never rehashes back and forth.
        if (_count < slots.Length / 16 && slots.Length > MinCapacity)
        {
            Resize(Math.Max(MinCapacity, slots.Length / 4));
        }

        return true;
    }

    /// <summary>Appends every value to <paramref name="target"/>. Writer only (or with writers excluded).</summary>
    public void CopyValuesTo(List<TValue> target)
    {
        foreach (var page in _slots.Pages)
        {
            foreach (ref readonly var slot in page.AsSpan())
            {
                if (slot.Occupied)
                {
                    target.Add(slot.Value);
                }
            }
        }
    }

    /// <summary>The slots needed to hold <paramref name="entries"/> below the growth threshold.</summary>
    private static int CapacityFor(int entries)
    {
        var needed = Math.Max(MinCapacity, (int)Math.Min(1 << 30, ((long)entries * 4 + 2) / 3));
        return (int)BitOperations.RoundUpToPowerOf2((uint)needed);
    }

    /// <summary>The slot holding <paramref name="key"/>, or the empty slot that ends its chain (the table is never full).</summary>
    private static int Find(Storage slots, TKey key)
    {
        var mask = slots.Length - 1;
        var index = KeyHash.Index(key, slots.Shift);
        while (slots[index].Occupied && slots[index].Key != key)
        {
            index = (index + 1) & mask;
        }

        return index;
    }

    private void Resize(int capacity)
    {
        var resized = new Storage(capacity);
        foreach (var page in _slots.Pages)
        {
            foreach (ref readonly var slot in page.AsSpan())
            {
                if (slot.Occupied)
                {
                    resized[Find(resized, slot.Key)] = slot;
                }
            }
        }

        // Filled before it is published: a reader sees either the old pages, untouched from now on, or these.
        Volatile.Write(ref _slots, resized);
    }

    /// <summary>The slots of one table size: pages of <see cref="PageSlots"/> (one smaller page for small tables).</summary>
    private sealed class Storage
    {
        public Storage(int capacity)
        {
            var pageLength = Math.Min(capacity, PageSlots);
            Pages = new Slot[capacity / pageLength][];
            for (var i = 0; i < Pages.Length; i++)
            {
                Pages[i] = new Slot[pageLength];
            }

            Length = capacity;
            Shift = KeyHash.ShiftFor(capacity);
        }

        public Slot[][] Pages { get; }

        /// <summary>The number of slots, a power of two.</summary>
        public int Length { get; }

        /// <summary>The hash shift for <see cref="Length"/>.</summary>
        public int Shift { get; }

        public ref Slot this[int index] => ref Pages[index >> PageBits][index & (PageSlots - 1)];
    }

    private struct Slot
    {
        public TKey Key;
        public TValue Value;
        public bool Occupied;
    }
}

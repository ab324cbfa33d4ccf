namespace ClusterMesh.Services.LoadBalancing;

/// <summary>
/// Maglev consistent hashing (Eisenbud et al., NSDI 2016): every backend walks its own permutation of the table,
/// <c>(offset + j·skip) mod M</c> with offset and skip from two independent hashes of the backend's key, and the
/// backends take turns claiming their next free slot. Shares end up nearly equal and removing a backend moves
/// little besides its own slots.
/// </summary>
public static class Maglev
{
    /// <summary>Cilium's default table size (a prime).</summary>
    public const int DefaultTableSize = 16381;

    /// <summary>A table is at least this many times larger than its backend count.</summary>
    public const int MinimumSlotsPerBackend = 100;

    /// <summary>
    /// The table size for <paramref name="backendCount"/> backends: <paramref name="configured"/> (which must be
    /// prime) or, when that is under 100 slots per backend, the smallest prime that is not.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="configured"/> is not a prime.</exception>
    public static int TableSizeFor(int backendCount, int configured = DefaultTableSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backendCount);
        if (!Primes.IsPrime(configured))
        {
            throw new ArgumentException($"the Maglev table size must be a prime, {configured} is not", nameof(configured));
        }

        var needed = (long)backendCount * MinimumSlotsPerBackend;
        return needed <= configured ? configured : Primes.AtLeast(checked((int)needed));
    }

    /// <summary>
    /// Fills a table of <paramref name="tableSize"/> slots (a prime) with indexes into
    /// <paramref name="backendKeys"/>; with no backends the table is empty. Keys identify backends (address and
    /// port), so the same backend gets the same permutation in every table and every process.
    /// </summary>
    public static int[] Populate(IReadOnlyList<string> backendKeys, int tableSize = DefaultTableSize)
    {
        ArgumentNullException.ThrowIfNull(backendKeys);
        if (!Primes.IsPrime(tableSize))
        {
            throw new ArgumentException($"the Maglev table size must be a prime, {tableSize} is not", nameof(tableSize));
        }

        var count = backendKeys.Count;
        if (count == 0)
        {
            return [];
        }

        var permutations = new MaglevPermutation[count];
        for (var i = 0; i < count; i++)
        {
            permutations[i] = MaglevPermutation.Of(backendKeys[i], tableSize);
        }

        var next = new int[count];
        var table = new int[tableSize];
        Array.Fill(table, -1);
        var filled = 0;
        while (true)
        {
            for (var i = 0; i < count; i++)
            {
                // Skip is in 1..M-1 and M is prime, so the permutation visits every slot: a free one is found.
                int slot;
                do
                {
                    slot = permutations[i].Slot(next[i]++);
                }
                while (table[slot] >= 0);

                table[slot] = i;
                if (++filled == tableSize)
                {
                    return table;
                }
            }
        }
    }
}

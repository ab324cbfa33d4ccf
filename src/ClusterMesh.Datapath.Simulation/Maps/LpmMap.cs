using System.Net;
using System.Numerics;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>
/// A prefix map with the semantics of a BPF LPM trie: IPv4 and IPv6 prefixes in one map, keyed by family,
/// prefix length and masked address; a lookup returns the longest prefix of the address's family that contains it.
/// </summary>
/// <remarks>
/// Writers take a lock; readers take none and allocate nothing. A version counter (a sequence lock) makes every
/// lookup atomic: a lookup that overlapped a write is retried, so it never mixes the state before and after a
/// write (for example missing both a deleted /16 and a /24 inserted just before). After a few retries under a
/// write storm the reader takes the writer lock, so it always finishes.
/// </remarks>
/// <typeparam name="TValue">The value type.</typeparam>
internal class LpmMap<TValue> : IBatchPrefixMap<TValue>
{
    private const int OptimisticAttempts = 8;

    private readonly Lock _writeLock = new();
    private readonly LpmFamilyTable<uint, TValue> _ipv4 = new();
    private readonly LpmFamilyTable<UInt128, TValue> _ipv6 = new();
    private int _version; // odd while a write is in progress
    private int _count;

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public void Upsert(IpPrefix prefix, TValue value)
    {
        var entry = new LpmEntry<TValue>(prefix, value);
        var (v4, v6) = Keys(prefix);
        lock (_writeLock)
        {
            BeginWrite();
            try
            {
                var added = prefix.IsIPv6 ? _ipv6.Upsert(v6, prefix.PrefixLength, entry) : _ipv4.Upsert(v4, prefix.PrefixLength, entry);
                _count += added ? 1 : 0;
            }
            finally
            {
                EndWrite();
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>One lock and one version bump for the whole batch: ten remote clusters listed at once would
    /// otherwise convoy on the writer lock entry by entry.</remarks>
    public void UpsertMany(ReadOnlySpan<KeyValuePair<IpPrefix, TValue>> entries)
    {
        foreach (var (prefix, _) in entries)
        {
            if (prefix.Address is null)
            {
                // Before the first write, so that a bad batch changes nothing.
                throw new ArgumentException("a prefix has no address (default IpPrefix)", nameof(entries));
            }
        }

        lock (_writeLock)
        {
            BeginWrite();
            try
            {
                foreach (var (prefix, value) in entries)
                {
                    var (v4, v6) = Keys(prefix);
                    var entry = new LpmEntry<TValue>(prefix, value);
                    var added = prefix.IsIPv6 ? _ipv6.Upsert(v6, prefix.PrefixLength, entry) : _ipv4.Upsert(v4, prefix.PrefixLength, entry);
                    _count += added ? 1 : 0;
                }
            }
            finally
            {
                EndWrite();
            }
        }
    }

    /// <inheritdoc />
    public bool Delete(IpPrefix prefix)
    {
        var (v4, v6) = Keys(prefix);
        lock (_writeLock)
        {
            BeginWrite();
            try
            {
                var removed = prefix.IsIPv6 ? _ipv6.Delete(v6, prefix.PrefixLength) : _ipv4.Delete(v4, prefix.PrefixLength);
                _count -= removed ? 1 : 0;
                return removed;
            }
            finally
            {
                EndWrite();
            }
        }
    }

    /// <inheritdoc />
    public bool TryLookup(IPAddress address, out IpPrefix matched, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(address);
        var found = AddressBits.IsIPv6(address)
            ? Read(_ipv6, AddressBits.ToIPv6Key(address), out var entry)
            : Read(_ipv4, AddressBits.ToIPv4Key(address), out entry);
        (matched, value) = found ? (entry.Prefix, entry.Value) : (default, default!);
        return found;
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<IpPrefix, TValue>> Dump()
    {
        var entries = new List<LpmEntry<TValue>>(Count);
        lock (_writeLock)
        {
            _ipv4.CopyTo(entries);
            _ipv6.CopyTo(entries);
        }

        entries.Sort(static (left, right) =>
        {
            var byAddress = AddressBits.Compare(left.Prefix.Address, right.Prefix.Address);
            return byAddress != 0 ? byAddress : left.Prefix.PrefixLength.CompareTo(right.Prefix.PrefixLength);
        });
        return entries.ConvertAll(static e => KeyValuePair.Create(e.Prefix, e.Value));
    }

    private static (uint IPv4, UInt128 IPv6) Keys(IpPrefix prefix)
    {
        if (prefix.Address is null)
        {
            throw new ArgumentException("the prefix has no address (default IpPrefix)", nameof(prefix));
        }

        return prefix.IsIPv6 ? (0, AddressBits.ToIPv6Key(prefix.Address)) : (AddressBits.ToIPv4Key(prefix.Address), 0);
    }

    private bool Read<TKey>(LpmFamilyTable<TKey, TValue> table, TKey key, out LpmEntry<TValue> entry)
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        var spinner = default(SpinWait);
        for (var attempt = 0; attempt < OptimisticAttempts; attempt++)
        {
            var before = Volatile.Read(ref _version);
            if ((before & 1) == 0)
            {
                var found = table.TryLookup(key, out entry);

                // A full fence: the probes above must not be reordered after the second version read.
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _version) == before)
                {
                    return found;
                }
            }

            spinner.SpinOnce();
        }

        lock (_writeLock)
        {
            return table.TryLookup(key, out entry);
        }
    }

    // Interlocked gives full fences: no table write moves before the odd version or after the even one.
    private void BeginWrite() => Interlocked.Increment(ref _version);

    private void EndWrite() => Interlocked.Increment(ref _version);
}

using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>
/// A prefix map with the semantics of a BPF LPM trie: IPv4 and IPv6 prefixes in one map, keyed by family,
/// prefix length and masked address; a lookup returns the longest prefix of the address's family that contains it.
/// </summary>
/// <remarks>
/// Writers take a lock; readers take none. A version counter (a sequence lock) makes every lookup atomic: a
/// lookup that overlapped a write is retried, so it never mixes the state before and after a write (for
/// example missing both a deleted /16 and a just-inserted /24). After a few retries under a write storm the
/// reader takes the writer lock, so it always finishes.
/// </remarks>
/// <typeparam name="TValue">The value type.</typeparam>
internal class LpmMap<TValue> : IPrefixMap<TValue>
{
    private const int OptimisticAttempts = 8;

    private readonly Lock _writeLock = new();
    private readonly LpmFamilyTable<TValue> _ipv4 = new(AddressBits.IPv4Width);
    private readonly LpmFamilyTable<TValue> _ipv6 = new(AddressBits.IPv6Width);
    private int _version;
    private int _count;

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public void Upsert(IpPrefix prefix, TValue value)
    {
        var (table, key) = Locate(prefix);
        lock (_writeLock)
        {
            BeginWrite();
            try
            {
                if (table.Upsert(key, prefix.PrefixLength, new LpmEntry<TValue>(prefix, value)))
                {
                    _count++;
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
        var (table, key) = Locate(prefix);
        lock (_writeLock)
        {
            BeginWrite();
            try
            {
                if (!table.Delete(key, prefix.PrefixLength))
                {
                    return false;
                }

                _count--;
                return true;
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
        var table = AddressBits.IsIPv6(address) ? _ipv6 : _ipv4;
        var key = AddressBits.ToKey(address);
        LpmEntry<TValue> entry;
        bool found;
        var spinner = default(SpinWait);
        for (var attempt = 0; ; attempt++)
        {
            var before = Volatile.Read(ref _version);
            if ((before & 1) == 0)
            {
                found = table.TryLookup(key, out entry);

                // A full fence: the probes above must not be reordered after the second version read.
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _version) == before)
                {
                    break;
                }
            }

            if (attempt >= OptimisticAttempts)
            {
                lock (_writeLock)
                {
                    found = table.TryLookup(key, out entry);
                }

                break;
            }

            spinner.SpinOnce();
        }

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

    private (LpmFamilyTable<TValue> Table, UInt128 Key) Locate(IpPrefix prefix)
    {
        if (prefix.Address is null)
        {
            throw new ArgumentException("the prefix has no address (default IpPrefix)", nameof(prefix));
        }

        return (prefix.IsIPv6 ? _ipv6 : _ipv4, AddressBits.ToKey(prefix.Address));
    }

    // Interlocked gives full fences: no write to the tables moves before the odd version or after the even one.
    private void BeginWrite() => Interlocked.Increment(ref _version);

    private void EndWrite() => Interlocked.Increment(ref _version);
}

using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Ebpf.Maps;

/// <summary>
/// An <see cref="IPrefixMap{TValue}"/> over a kernel LPM trie. Values live in the kernel only; the set of stored
/// prefixes is mirrored here (read from the kernel when the map is opened) because the kernel's lookup answers the
/// value of the longest match but not which prefix matched. The datapath owns its maps: the BPF programs only
/// read them, so the mirror stays exact. Writes and lookups hold one lock so the two never disagree.
/// </summary>
/// <typeparam name="TValue">The contract's value type.</typeparam>
/// <typeparam name="TRaw">The C value struct.</typeparam>
internal abstract class KernelPrefixMap<TValue, TRaw> : IPrefixMap<TValue>
    where TRaw : unmanaged
{
    private readonly BpfMap _map;
    private readonly Lock _gate = new();
    private readonly HashSet<IpPrefix> _prefixes = [];

    protected KernelPrefixMap(BpfMap map)
    {
        _map = map;
        foreach (var key in _map.Keys())
        {
            _prefixes.Add(System.Runtime.InteropServices.MemoryMarshal.Read<LpmKey>(key).ToPrefix());
        }
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _prefixes.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Upsert(IpPrefix prefix, TValue value)
    {
        var key = LpmKey.From(Checked(prefix));
        var raw = Encode(value);
        lock (_gate)
        {
            _map.Update(in key, in raw);
            _prefixes.Add(prefix);
        }
    }

    /// <inheritdoc />
    public bool Delete(IpPrefix prefix)
    {
        var key = LpmKey.From(Checked(prefix));
        lock (_gate)
        {
            _prefixes.Remove(prefix);
            return _map.Delete(in key);
        }
    }

    /// <inheritdoc />
    public bool TryLookup(IPAddress address, out IpPrefix matched, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = LpmKey.Host(address);
        lock (_gate)
        {
            if (_map.TryLookup(in key, out TRaw raw) && LongestStoredPrefix(address) is { } found)
            {
                (matched, value) = (found, Decode(in raw));
                return true;
            }
        }

        (matched, value) = (default, default!);
        return false;
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<IpPrefix, TValue>> Dump()
    {
        var entries = new List<KeyValuePair<IpPrefix, TValue>>();
        foreach (var keyBytes in _map.Keys())
        {
            var key = System.Runtime.InteropServices.MemoryMarshal.Read<LpmKey>(keyBytes);

            // An exact-length lookup of a stored prefix answers that prefix's own value.
            if (_map.TryLookup(in key, out TRaw raw))
            {
                entries.Add(new(key.ToPrefix(), Decode(in raw)));
            }
        }

        return entries;
    }

    /// <summary>The C value of <paramref name="value"/>.</summary>
    protected abstract TRaw Encode(TValue value);

    /// <summary>The contract value of <paramref name="raw"/>.</summary>
    protected abstract TValue Decode(in TRaw raw);

    private static IpPrefix Checked(IpPrefix prefix) =>
        prefix.Address is null ? throw new ArgumentException("the prefix has no address", nameof(prefix)) : prefix;

    private IpPrefix? LongestStoredPrefix(IPAddress address)
    {
        for (var length = AddressBytes.BitsOf(address); length >= 0; length--)
        {
            var candidate = new IpPrefix(address, length);
            if (_prefixes.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

using System.Runtime.InteropServices;
using ClusterMesh.Datapath.Ebpf.Native;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Maps;

/// <summary>Flags of BPF_MAP_UPDATE_ELEM.</summary>
public enum MapUpdateFlags : ulong
{
    /// <summary>BPF_ANY: create or replace.</summary>
    Any = 0,

    /// <summary>BPF_NOEXIST: create only.</summary>
    NoExist = 1,

    /// <summary>BPF_EXIST: replace only.</summary>
    Exist = 2,
}

/// <summary>
/// A live kernel map: its file descriptor and the spec it was created from. Keys and values are raw bytes laid out
/// as the BPF side declares them (see <c>bpf/cm_maps.h</c>); the typed overloads reinterpret unmanaged structs.
/// Operations are single bpf(2) calls, so concurrent use from several threads is safe.
/// </summary>
public sealed unsafe partial class BpfMap : IDisposable
{
    private BpfMap(MapSpec spec, BpfFileDescriptor handle, string? pinPath)
    {
        Spec = spec;
        Handle = handle;
        PinPath = pinPath;
        ValueBufferSize = IsPerCpu(spec.Type) ? checked(PerCpuStride(spec) * PossibleCpus.Count) : (int)spec.ValueSize;
    }

    /// <summary>The spec the map was created from (or adopted as).</summary>
    public MapSpec Spec { get; }

    /// <summary>The map's name.</summary>
    public string Name => Spec.Name;

    /// <summary>The map's file descriptor.</summary>
    public BpfFileDescriptor Handle { get; }

    /// <summary>Where the map is pinned, or <c>null</c> when it is not.</summary>
    public string? PinPath { get; }

    /// <summary>
    /// The size of the value buffer lookups and updates take: the value size, or for per-CPU maps one 8-byte
    /// aligned slot per possible CPU.
    /// </summary>
    public int ValueBufferSize { get; }

    /// <summary>Creates a new, unpinned map from <paramref name="spec"/> (its initial value written, if any).</summary>
    /// <exception cref="BpfException">The kernel refused the map.</exception>
    public static BpfMap Create(MapSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var map = new BpfMap(spec, CreateDescriptor(spec), pinPath: null);
        map.WriteInitialValue();
        return map;
    }

    /// <summary>Looks <paramref name="key"/> up into <paramref name="value"/>; <c>false</c> when absent.</summary>
    public bool TryLookup(ReadOnlySpan<byte> key, Span<byte> value)
    {
        CheckKey(key);
        CheckValue(value.Length);
        fixed (byte* keyPointer = key, valuePointer = value)
        {
            var attr = new MapElemAttr { MapFd = (uint)Handle.Value, Key = (ulong)keyPointer, ValueOrNextKey = (ulong)valuePointer };
            return Succeeded(BpfCommand.MapLookupElem, ref attr);
        }
    }

    /// <summary>Writes <paramref name="value"/> under <paramref name="key"/>.</summary>
    /// <exception cref="BpfException">The kernel refused (full map, flags not met, ...).</exception>
    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MapUpdateFlags flags = MapUpdateFlags.Any)
    {
        CheckKey(key);
        CheckValue(value.Length);
        fixed (byte* keyPointer = key, valuePointer = value)
        {
            var attr = new MapElemAttr
            {
                MapFd = (uint)Handle.Value, Key = (ulong)keyPointer, ValueOrNextKey = (ulong)valuePointer, Flags = (ulong)flags,
            };
            BpfSyscall.Invoke(BpfCommand.MapUpdateElem, ref attr, Name);
        }
    }

    /// <summary>Deletes <paramref name="key"/>; <c>false</c> when it was absent.</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        fixed (byte* keyPointer = key)
        {
            var attr = new MapElemAttr { MapFd = (uint)Handle.Value, Key = (ulong)keyPointer };
            return Succeeded(BpfCommand.MapDeleteElem, ref attr);
        }
    }

    /// <summary>
    /// The key after <paramref name="key"/> in the kernel's iteration order (the first key when
    /// <paramref name="key"/> is empty); <c>false</c> at the end.
    /// </summary>
    public bool TryGetNextKey(ReadOnlySpan<byte> key, Span<byte> nextKey)
    {
        if (!key.IsEmpty)
        {
            CheckKey(key);
        }

        CheckKey(nextKey);
        fixed (byte* keyPointer = key, nextPointer = nextKey)
        {
            var attr = new MapElemAttr
            {
                MapFd = (uint)Handle.Value, Key = key.IsEmpty ? 0 : (ulong)keyPointer, ValueOrNextKey = (ulong)nextPointer,
            };
            return Succeeded(BpfCommand.MapGetNextKey, ref attr);
        }
    }

    /// <summary>Every key, read with BPF_MAP_GET_NEXT_KEY (a snapshot that concurrent writes may skew).</summary>
    public IReadOnlyList<byte[]> Keys()
    {
        var keys = new List<byte[]>();
        var current = Array.Empty<byte>();
        var next = new byte[Spec.KeySize];
        while (TryGetNextKey(current, next))
        {
            keys.Add(next);
            current = next;
            next = new byte[Spec.KeySize];
        }

        return keys;
    }

    /// <summary>The typed form of <see cref="TryLookup(ReadOnlySpan{byte}, Span{byte})"/>.</summary>
    public bool TryLookup<TKey, TValue>(in TKey key, out TValue value)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        value = default;
        return TryLookup(Bytes(in key), MemoryMarshal.AsBytes(new Span<TValue>(ref value)));
    }

    /// <summary>The typed form of <see cref="Update(ReadOnlySpan{byte}, ReadOnlySpan{byte}, MapUpdateFlags)"/>.</summary>
    public void Update<TKey, TValue>(in TKey key, in TValue value, MapUpdateFlags flags = MapUpdateFlags.Any)
        where TKey : unmanaged
        where TValue : unmanaged => Update(Bytes(in key), Bytes(in value), flags);

    /// <summary>The typed form of <see cref="Delete(ReadOnlySpan{byte})"/>.</summary>
    public bool Delete<TKey>(in TKey key)
        where TKey : unmanaged => Delete(Bytes(in key));

    /// <summary>Closes the descriptor; a pinned map lives on in bpffs.</summary>
    public void Dispose() => Handle.Dispose();

    /// <summary>E.g. <c>cm_ipcache (LpmTrie)</c>.</summary>
    public override string ToString() => $"{Name} ({Spec.Type})";

    internal static bool IsPerCpu(BpfMapType type) => type is BpfMapType.PerCpuArray or BpfMapType.PerCpuHash;

    internal static int PerCpuStride(MapSpec spec) => (int)((spec.ValueSize + 7) & ~7u);

    private static ReadOnlySpan<byte> Bytes<T>(in T value)
        where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));

    private static BpfFileDescriptor CreateDescriptor(MapSpec spec)
    {
        var attr = new MapCreateAttr
        {
            MapType = (uint)spec.Type, KeySize = spec.KeySize, ValueSize = spec.ValueSize, MaxEntries = spec.MaxEntries, MapFlags = spec.Flags,
        };
        BpfNames.Write(spec.Name, new Span<byte>(attr.MapName, BpfNames.ObjectNameLength));
        return new BpfFileDescriptor(BpfSyscall.Invoke(BpfCommand.MapCreate, ref attr, spec.Name));
    }

    private void WriteInitialValue()
    {
        if (Spec.InitialValue.IsEmpty)
        {
            return;
        }

        var value = new byte[ValueBufferSize];
        Spec.InitialValue.Span[..Math.Min(value.Length, Spec.InitialValue.Length)].CopyTo(value);
        Span<byte> key = stackalloc byte[(int)Spec.KeySize];
        key.Clear();
        Update(key, value);
    }

    private bool Succeeded(BpfCommand command, ref MapElemAttr attr)
    {
        if (BpfSyscall.TryInvoke(command, ref attr, out var errno) >= 0)
        {
            return true;
        }

        return errno == Errno.ENOENT ? false : throw new BpfException(command, errno, Name);
    }

    private void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != Spec.KeySize)
        {
            throw new ArgumentException($"map {Name} has {Spec.KeySize}-byte keys, not {key.Length}", nameof(key));
        }
    }

    private void CheckValue(int length)
    {
        if (length != ValueBufferSize)
        {
            throw new ArgumentException($"map {Name} takes {ValueBufferSize}-byte values, not {length}", "value");
        }
    }
}

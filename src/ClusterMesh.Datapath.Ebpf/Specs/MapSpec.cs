namespace ClusterMesh.Datapath.Ebpf.Specs;

/// <summary>The kernel's map types this package uses (values of <c>enum bpf_map_type</c>).</summary>
public enum BpfMapType : uint
{
    /// <summary>BPF_MAP_TYPE_HASH.</summary>
    Hash = 1,

    /// <summary>BPF_MAP_TYPE_ARRAY.</summary>
    Array = 2,

    /// <summary>BPF_MAP_TYPE_PERCPU_HASH.</summary>
    PerCpuHash = 5,

    /// <summary>BPF_MAP_TYPE_PERCPU_ARRAY.</summary>
    PerCpuArray = 6,

    /// <summary>BPF_MAP_TYPE_LPM_TRIE (needs <c>BPF_F_NO_PREALLOC</c>).</summary>
    LpmTrie = 11,
}

/// <summary>How a map is pinned in bpffs (values of libbpf's <c>LIBBPF_PIN_*</c> in BTF <c>pinning</c>).</summary>
public enum MapPinning
{
    /// <summary>Not pinned: a fresh map per load.</summary>
    None = 0,

    /// <summary>Pinned by name under the loader's pin directory and reused when compatible.</summary>
    ByName = 1,
}

/// <summary>A map as an object file declares it; a plain description with no kernel handle.</summary>
/// <param name="Name">The map's symbol name (also its pin name).</param>
/// <param name="Type">The map type.</param>
/// <param name="KeySize">Key size in bytes.</param>
/// <param name="ValueSize">Value size in bytes.</param>
/// <param name="MaxEntries">Capacity.</param>
/// <param name="Flags">Map flags (<c>BPF_F_*</c>).</param>
/// <param name="Pinning">Pinning behaviour.</param>
public sealed record MapSpec(
    string Name,
    BpfMapType Type,
    uint KeySize,
    uint ValueSize,
    uint MaxEntries,
    uint Flags,
    MapPinning Pinning)
{
    /// <summary>The initial contents of a global-data map (<c>.rodata</c>, <c>.data</c>); empty otherwise.</summary>
    public ReadOnlyMemory<byte> InitialValue { get; init; }
}

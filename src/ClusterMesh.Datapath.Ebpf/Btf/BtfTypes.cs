using ClusterMesh.Datapath.Ebpf.Elf;

namespace ClusterMesh.Datapath.Ebpf.Btf;

/// <summary>The parsed type records of one BTF blob, addressed by type id (1-based; 0 is void).</summary>
internal sealed class BtfTypes
{
    private const int MaxChain = 32; // typedef/qualifier chains and nested arrays deeper than this are treated as a cycle
    private const uint PointerSize = 8;

    private readonly IReadOnlyList<BtfType> _types;

    public BtfTypes(IReadOnlyList<BtfType> types) => _types = types;

    /// <summary>How many type records there are (the largest valid id).</summary>
    public int Count => _types.Count;

    public BtfType this[uint id] =>
        id >= 1 && id <= _types.Count
            ? _types[(int)id - 1]
            : throw new ElfFormatException(id == 0 ? "refers to void where a type is needed" : $"type id {id} is out of range ({_types.Count} types)", BtfReader.Section);

    /// <summary>The first type of <paramref name="kind"/> named <paramref name="name"/>.</summary>
    public BtfType? Find(BtfKind kind, string name) => _types.FirstOrDefault(t => t.Kind == kind && t.Name == name);

    /// <summary>The type behind typedefs and qualifiers (const, volatile, restrict, type tags).</summary>
    public BtfType Underlying(uint id)
    {
        for (var depth = 0; depth < MaxChain; depth++)
        {
            var type = this[id];
            if (type is not BtfReference { Kind: not BtfKind.Function } reference)
            {
                return type;
            }

            id = reference.Target;
        }

        throw new ElfFormatException($"typedef/qualifier chain from type {id} is longer than {MaxChain} (a cycle?)", BtfReader.Section);
    }

    /// <summary>The size in bytes of a value of type <paramref name="id"/>, as C's <c>sizeof</c>.</summary>
    public uint SizeOf(uint id) => SizeOf(id, 0);

    private uint SizeOf(uint id, int depth)
    {
        if (depth >= MaxChain)
        {
            throw new ElfFormatException($"type {id} nests deeper than {MaxChain} (a cycle?)", BtfReader.Section);
        }

        return Underlying(id) switch
        {
            BtfInt t => t.Size,
            BtfComposite t => t.Size,
            BtfEnum t => t.Size,
            BtfFloat t => t.Size,
            BtfDataSection t => t.Size,
            BtfPointer => PointerSize,
            BtfArray t => ((ulong)t.Count * SizeOf(t.ElementType, depth + 1)) is var total && total <= uint.MaxValue
                ? (uint)total
                : throw new ElfFormatException($"array type {id} is larger than 4 GiB", BtfReader.Section),
            var other => throw new ElfFormatException($"type {id} ({other.Kind}) has no size", BtfReader.Section),
        };
    }
}

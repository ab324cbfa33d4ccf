using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Btf;

/// <summary>
/// Reads libbpf-style map definitions: the variables of the <c>.maps</c> data section, each an anonymous struct
/// whose members encode the attributes — <c>__uint(name, N)</c> is a pointer to an array of N elements and
/// <c>__type(name, T)</c> a pointer to T. Only names come from the data section: clang leaves its offsets and
/// sizes unreliable, so the caller matches maps to symbols by name.
/// </summary>
internal static class BtfMapDefinitions
{
    public const string MapsSection = ".maps";

    public static IReadOnlyList<MapSpec> Read(BtfTypes types)
    {
        if (types.Find(BtfKind.DataSection, MapsSection) is not BtfDataSection section)
        {
            return [];
        }

        var maps = new List<MapSpec>(section.Variables.Count);
        foreach (var entry in section.Variables)
        {
            if (types[entry.Type] is not BtfVariable variable)
            {
                throw new ElfFormatException($"entry of type {entry.Type} in the {MapsSection} data section is not a variable", BtfReader.Section);
            }

            if (types.Underlying(variable.Type) is not BtfComposite { Kind: BtfKind.Struct } definition)
            {
                throw new ElfFormatException($"map '{variable.Name}' is not defined by a struct", BtfReader.Section);
            }

            maps.Add(Read(types, variable.Name, definition));
        }

        return maps;
    }

    private static MapSpec Read(BtfTypes types, string name, BtfComposite definition)
    {
        uint? type = null, keySize = null, valueSize = null, maxEntries = null;
        uint flags = 0, pinning = 0;
        foreach (var member in definition.Members)
        {
            switch (member.Name)
            {
                case "type":
                    type = Number(types, name, member);
                    break;
                case "key":
                    keySize = Agree(name, "key", keySize, PointeeSize(types, name, member));
                    break;
                case "key_size":
                    keySize = Agree(name, "key", keySize, Number(types, name, member));
                    break;
                case "value":
                    valueSize = Agree(name, "value", valueSize, PointeeSize(types, name, member));
                    break;
                case "value_size":
                    valueSize = Agree(name, "value", valueSize, Number(types, name, member));
                    break;
                case "max_entries":
                    maxEntries = Number(types, name, member);
                    break;
                case "map_flags":
                    flags = Number(types, name, member);
                    break;
                case "pinning":
                    pinning = Number(types, name, member);
                    break;
                default:
                    throw new ElfFormatException($"map '{name}' has attribute '{member.Name}', which is not supported", BtfReader.Section);
            }
        }

        if (pinning > (uint)MapPinning.ByName)
        {
            throw new ElfFormatException($"map '{name}' has pinning {pinning}; only 0 (none) and 1 (by name) exist", BtfReader.Section);
        }

        return new MapSpec(
            name,
            (BpfMapType)(type ?? throw Missing(name, "type")),
            keySize ?? throw Missing(name, "key or key_size"),
            valueSize ?? throw Missing(name, "value or value_size"),
            maxEntries ?? throw Missing(name, "max_entries"),
            flags,
            (MapPinning)pinning);
    }

    /// <summary><c>__uint(name, N)</c>: N is the element count of the array the member points to.</summary>
    private static uint Number(BtfTypes types, string map, BtfMember member) =>
        types.Underlying(member.Type) is BtfPointer pointer && types.Underlying(pointer.Target) is BtfArray array
            ? array.Count
            : throw new ElfFormatException($"map '{map}' attribute '{member.Name}' is not __uint() (a pointer to an array)", BtfReader.Section);

    /// <summary><c>__type(name, T)</c>: sizeof(T) for the pointer's target.</summary>
    private static uint PointeeSize(BtfTypes types, string map, BtfMember member) =>
        types.Underlying(member.Type) is BtfPointer pointer
            ? types.SizeOf(pointer.Target)
            : throw new ElfFormatException($"map '{map}' attribute '{member.Name}' is not __type() (a pointer)", BtfReader.Section);

    private static uint Agree(string map, string what, uint? earlier, uint size) =>
        earlier is { } other && other != size
            ? throw new ElfFormatException($"map '{map}' declares {what} sizes {other} and {size}", BtfReader.Section)
            : size;

    private static ElfFormatException Missing(string map, string attribute) =>
        new($"map '{map}' has no '{attribute}'", BtfReader.Section);
}

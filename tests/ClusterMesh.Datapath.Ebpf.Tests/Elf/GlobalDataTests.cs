using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Specs;
using ClusterMesh.Datapath.Ebpf.Tests.Objects;

namespace ClusterMesh.Datapath.Ebpf.Tests.Elf;

/// <summary>
/// globals.o (Objects/bpf/globals.c): .rodata, .data and .bss become one-entry array maps, and loads of globals
/// become relocations with the byte offset of the variable. Expected values read off llvm-objdump -dr by hand.
/// </summary>
public sealed class GlobalDataTests
{
    private static readonly CollectionSpec Globals = ElfCollectionReader.Read(TestObjects.Read("globals.o"));

    [Fact]
    public void Rodata_holds_the_initial_values_and_is_read_only_for_programs()
    {
        var rodata = Globals.Maps[".rodata"];
        Assert.Equal(new MapSpec(".rodata", BpfMapType.Array, 4, 32, 1, GlobalDataMaps.ReadOnlyProgramFlag, MapPinning.None), rodata with { InitialValue = default }); // record equality compares memory by reference
        byte[] expected = [5, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(expected, rodata.InitialValue.ToArray());
    }

    [Fact]
    public void Data_and_bss_are_writable_arrays_with_their_contents()
    {
        Assert.Equal(new MapSpec(".data", BpfMapType.Array, 4, 4, 1, 0, MapPinning.None), Globals.Maps[".data"] with { InitialValue = default });
        Assert.Equal([3, 0, 0, 0], Globals.Maps[".data"].InitialValue.ToArray());
        var bss = Globals.Maps[".bss"];
        Assert.Equal(new MapSpec(".bss", BpfMapType.Array, 4, 36, 1, 0, MapPinning.None), bss with { InitialValue = default });
        Assert.Equal(new byte[36], bss.InitialValue.ToArray());
    }

    [Fact]
    public void The_btf_map_sits_beside_the_global_data()
    {
        Assert.Equal(new MapSpec("seen", BpfMapType.Hash, 4, 8, 8, 0, MapPinning.None), Globals.Maps["seen"]);
        Assert.Equal(4, Globals.Maps.Count);
    }

    [Fact]
    public void Relocations_carry_the_variable_offset_from_symbol_value_or_instruction_immediate()
    {
        var program = Globals.Programs["count_packets"];
        Assert.Equal("tcx/ingress", program.SectionName);
        Assert.Equal(BpfProgramType.SchedCls, program.Type);
        Assert.Equal("Dual BSD/GPL", program.License);
        MapRelocation[] expected =
        [
            new(5, "seen", 0),
            new(8, ".rodata", 8),    // factors: symbol value 8
            new(11, ".bss", 32),     // static hidden: section symbol, immediate 32
            new(15, ".bss", 0),      // scratch
            new(18, ".data", 0),     // hits
            new(25, ".rodata", 0),   // limit
        ];
        Assert.Equal(expected, program.Relocations);
    }
}

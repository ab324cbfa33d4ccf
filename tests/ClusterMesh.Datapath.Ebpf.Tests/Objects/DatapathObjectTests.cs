using ClusterMesh.Datapath.Ebpf.Elf;
using ClusterMesh.Datapath.Ebpf.Specs;

namespace ClusterMesh.Datapath.Ebpf.Tests.Objects;

/// <summary>The embedded datapath object parses into the three tc programs and the six maps of cm_maps.h.</summary>
public sealed class DatapathObjectTests
{
    private const byte LoadImm64 = 0x18;
    private static readonly CollectionSpec Datapath = DatapathObjects.LoadDatapath();

    [Fact]
    public void The_datapath_object_is_embedded()
    {
        Assert.Contains(DatapathObjects.DatapathObjectName, DatapathObjects.ObjectNames());
        Assert.Throws<FileNotFoundException>(() => DatapathObjects.ReadObject("missing.o"));
    }

    [Theory]
    [InlineData(DatapathObjects.FromContainer)]
    [InlineData(DatapathObjects.FromOverlay)]
    [InlineData(DatapathObjects.FromNetdev)]
    public void Each_program_is_a_gpl_sched_cls_program(string name)
    {
        var program = Datapath.Programs[name];
        Assert.Equal(name, program.Name);
        Assert.Equal("tc", program.SectionName);
        Assert.Equal(BpfProgramType.SchedCls, program.Type);
        Assert.Equal("GPL", program.License);
        Assert.True(program.Instructions.Length > 0 && program.Instructions.Length % 8 == 0);
    }

    [Fact]
    public void There_are_exactly_three_programs_and_no_global_data()
    {
        Assert.Equal(
            [DatapathObjects.FromContainer, DatapathObjects.FromNetdev, DatapathObjects.FromOverlay],
            Datapath.Programs.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Datapath.Maps.Keys, name => name.StartsWith('.'));
    }

    [Fact]
    public void Every_relocation_points_at_an_ld_imm64_of_its_program()
    {
        foreach (var program in Datapath.Programs.Values)
        {
            var code = program.Instructions.Span;
            Assert.NotEmpty(program.Relocations);
            foreach (var relocation in program.Relocations)
            {
                var at = relocation.InstructionIndex * 8;
                Assert.InRange(at + 16, 16, code.Length);
                Assert.Equal(LoadImm64, code[at]);
                Assert.Equal(0u, relocation.Offset);
                Assert.Contains(relocation.MapName, Datapath.Maps.Keys);
            }
        }
    }

    [Theory]
    [InlineData(DatapathObjects.FromContainer, "cm_config,cm_counters,cm_endpoints,cm_ipcache,cm_routes,cm_tunnel")]
    [InlineData(DatapathObjects.FromOverlay, "cm_counters,cm_endpoints")]
    [InlineData(DatapathObjects.FromNetdev, "cm_counters,cm_endpoints")]
    public void Programs_reference_the_maps_their_semantics_need(string name, string maps) =>
        Assert.Equal(
            maps,
            string.Join(',', Datapath.Programs[name].Relocations.Select(r => r.MapName).Distinct().Order(StringComparer.Ordinal)));

    [Fact]
    public void Every_ld_imm64_that_loads_a_map_has_a_relocation()
    {
        // Independent of the relocation table: an unrelocated map load is "ld_imm64 rX, 0". Each one must be covered.
        foreach (var program in Datapath.Programs.Values)
        {
            var code = program.Instructions.Span;
            var relocated = program.Relocations.Select(r => r.InstructionIndex).ToHashSet();
            for (var i = 0; i + 1 < code.Length / 8; i++)
            {
                if (code[i * 8] == LoadImm64 && code.Slice(i * 8 + 4, 4).IndexOfAnyExcept((byte)0) < 0 && code.Slice(i * 8 + 12, 4).IndexOfAnyExcept((byte)0) < 0)
                {
                    Assert.Contains(i, relocated);
                }

                i += code[i * 8] == LoadImm64 ? 1 : 0; // the second half of a 16-byte instruction
            }
        }
    }
}

using ClusterMesh.Datapath.Ebpf.Maps;
using ClusterMesh.Datapath.Ebpf.Programs;
using ClusterMesh.Datapath.Ebpf.Specs;
using ClusterMesh.Datapath.Ebpf.Tests.Support;
using static ClusterMesh.Datapath.Ebpf.Tests.Support.Asm;

namespace ClusterMesh.Datapath.Ebpf.Tests.Programs;

[RequiresBpf]
public sealed class ProgramLoadTests : IDisposable
{
    // The smallest frame BPF_PROG_TEST_RUN accepts for tc programs: one Ethernet header.
    private static readonly byte[] Frame = new byte[14];
    private static readonly MapSpec ResultSpec = new("cmt_result", BpfMapType.Array, 4, 8, 1, 0, MapPinning.None);
    private readonly TempPinDirectory _pins = new();

    public void Dispose() => _pins.Dispose();

    /// <summary>Looks up entry 0 of the map, stores 42 there and returns 7.</summary>
    private static ProgramSpec WritesFortyTwo(string mapName) => Program(
        "cmt_writer",
        [new MapRelocation(4, mapName, 0)],
        MovImm(R1, 0),
        StoreWord(R10, -4, R1),
        MovReg(R2, R10),
        AddImm(R2, -4),
        LoadMap(R1),
        Call(MapLookupElem),
        JumpIfEqual(R0, 0, 2),
        MovImm(R1, 42),
        StoreDouble(R0, 0, R1),
        MovImm(R0, 7),
        Exit());

    [Fact]
    public void A_program_whose_r0_is_unset_at_exit_is_rejected_with_the_verifier_log()
    {
        var spec = Program("cmt_bad", [], Exit());

        var exception = Assert.Throws<BpfVerifierException>(() => BpfProgram.Load(spec, new Dictionary<string, BpfMap>()));

        Assert.Equal("cmt_bad", exception.ProgramName);
        Assert.Contains("cmt_bad", exception.Message, StringComparison.Ordinal);
        Assert.Contains("R0 !read_ok", exception.VerifierLog, StringComparison.Ordinal);
        Assert.Contains("R0 !read_ok", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_that_does_not_fit_the_first_buffer_is_retried_with_a_bigger_one()
    {
        var spec = Program("cmt_bad", [], MovImm(R1, 1), MovImm(R2, 2), AddImm(R1, 3), Exit());

        var exception = Assert.Throws<BpfVerifierException>(() => BpfProgram.Load(spec, new Dictionary<string, BpfMap>(), logger: null, initialLogSize: 16));

        // The whole log, first instruction to verdict: a 16-byte buffer alone would keep only the tail.
        Assert.Contains("0: (b7) r1 = 1", exception.VerifierLog, StringComparison.Ordinal);
        Assert.Contains("R0 !read_ok", exception.VerifierLog, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relocated_map_reference_lets_the_program_write_a_value_read_back_from_user_space()
    {
        using var map = BpfMap.Create(ResultSpec);
        using var program = BpfProgram.Load(WritesFortyTwo("cmt_result"), new Dictionary<string, BpfMap> { ["cmt_result"] = map });

        var returnCode = program.TestRun(Frame);

        Assert.Equal(7u, returnCode);
        Assert.True(map.TryLookup(0u, out ulong value));
        Assert.Equal(42UL, value);
        Assert.NotEqual(0u, program.Id);
    }

    [Fact]
    public void A_global_data_reference_points_at_an_offset_inside_the_value()
    {
        var data = new MapSpec(".data", BpfMapType.Array, 4, 16, 1, 0, MapPinning.None) { InitialValue = new byte[16] };
        var spec = Program(
            "cmt_global",
            [new MapRelocation(0, ".data", 8)],
            LoadMap(R1),
            MovImm(R2, 99),
            StoreDouble(R1, 0, R2),
            MovImm(R0, 0),
            Exit());
        using var map = BpfMap.Create(data);
        using var program = BpfProgram.Load(spec, new Dictionary<string, BpfMap> { [".data"] = map });

        program.TestRun(Frame);

        var value = new byte[16];
        Assert.True(map.TryLookup(BitConverter.GetBytes(0u), value));
        Assert.Equal(0UL, BitConverter.ToUInt64(value, 0));
        Assert.Equal(99UL, BitConverter.ToUInt64(value, 8));
    }

    [Fact]
    public void A_reference_to_a_map_that_is_not_loaded_is_reported_by_name()
    {
        var exception = Assert.Throws<BpfException>(() => BpfProgram.Load(WritesFortyTwo("cm_nowhere"), new Dictionary<string, BpfMap>()));

        Assert.Contains("cm_nowhere", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relocation_that_misses_its_load_instruction_is_refused()
    {
        var spec = WritesFortyTwo("cmt_result") with { Relocations = [new MapRelocation(0, "cmt_result", 0)] };
        using var map = BpfMap.Create(ResultSpec);

        Assert.Throws<BpfException>(() => BpfProgram.Load(spec, new Dictionary<string, BpfMap> { ["cmt_result"] = map }));
    }

    [Fact]
    public void A_collection_creates_its_pinned_maps_and_loads_its_programs_against_them()
    {
        var collection = new CollectionSpec(
            new Dictionary<string, MapSpec> { ["cmt_result"] = ResultSpec with { Pinning = MapPinning.ByName } },
            new Dictionary<string, ProgramSpec> { ["cmt_writer"] = WritesFortyTwo("cmt_result") });

        using var loaded = BpfCollection.Load(collection, _pins.Path, new ListLogger());
        loaded.Programs["cmt_writer"].TestRun(Frame);

        using var adopted = BpfMap.Open(ResultSpec with { Pinning = MapPinning.ByName }, _pins.Path, new ListLogger());
        Assert.True(adopted.TryLookup(0u, out ulong value));
        Assert.Equal(42UL, value);
    }

    [Fact]
    public void A_collection_whose_program_fails_closes_what_it_opened_and_reports_the_verifier()
    {
        var collection = new CollectionSpec(
            new Dictionary<string, MapSpec> { ["cmt_result"] = ResultSpec },
            new Dictionary<string, ProgramSpec> { ["cmt_bad"] = Program("cmt_bad", [], Exit()) });

        Assert.Throws<BpfVerifierException>(() => BpfCollection.Load(collection, _pins.Path, new ListLogger()));
    }
}

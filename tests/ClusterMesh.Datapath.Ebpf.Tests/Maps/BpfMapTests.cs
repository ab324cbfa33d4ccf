using ClusterMesh.Datapath.Ebpf.Maps;
using ClusterMesh.Datapath.Ebpf.Specs;
using ClusterMesh.Datapath.Ebpf.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Ebpf.Tests.Maps;

[RequiresBpf]
public sealed class BpfMapTests : IDisposable
{
    private static readonly MapSpec HashSpec = new("cmt_hash", BpfMapType.Hash, 4, 8, 64, 0, MapPinning.ByName);
    private readonly TempPinDirectory _pins = new();
    private readonly ListLogger _logger = new();

    public void Dispose() => _pins.Dispose();

    [Fact]
    public void Typed_update_lookup_delete_and_iteration_round_trip()
    {
        using var map = BpfMap.Create(HashSpec with { Pinning = MapPinning.None });

        for (var key = 1u; key <= 5; key++)
        {
            map.Update(key, key * 100UL);
        }

        Assert.True(map.TryLookup(3u, out ulong value));
        Assert.Equal(300UL, value);
        Assert.True(map.Delete(3u));
        Assert.False(map.Delete(3u));
        Assert.False(map.TryLookup(3u, out value));
        Assert.Equal([1u, 2u, 4u, 5u], map.Keys().Select(k => BitConverter.ToUInt32(k)).Order());
        Assert.Null(map.PinPath);
    }

    [Fact]
    public void Update_flags_are_enforced_by_the_kernel()
    {
        using var map = BpfMap.Create(HashSpec with { Pinning = MapPinning.None });
        map.Update(1u, 1UL, MapUpdateFlags.NoExist);

        var exists = Assert.Throws<BpfException>(() => map.Update(1u, 2UL, MapUpdateFlags.NoExist));
        Assert.Equal("EEXIST", exists.ErrnoName);
        var missing = Assert.Throws<BpfException>(() => map.Update(2u, 2UL, MapUpdateFlags.Exist));
        Assert.Equal("ENOENT", missing.ErrnoName);
        Assert.Equal("cmt_hash", missing.Target);
    }

    [Fact]
    public void Keys_and_values_of_the_wrong_size_are_refused_before_the_kernel_reads_them()
    {
        using var map = BpfMap.Create(HashSpec with { Pinning = MapPinning.None });

        Assert.Throws<ArgumentException>(() => map.Update(1UL, 1UL));
        Assert.Throws<ArgumentException>(() => map.TryLookup(1u, out uint _));
    }

    [Fact]
    public void A_kernel_refusal_names_the_map_and_the_errno()
    {
        var exception = Assert.Throws<BpfException>(() => BpfMap.Create(new MapSpec("cmt_lpm", BpfMapType.LpmTrie, 8, 4, 16, 0, MapPinning.None)));

        Assert.Equal(ClusterMesh.Datapath.Ebpf.Native.BpfCommand.MapCreate, exception.Command);
        Assert.Equal("EINVAL", exception.ErrnoName);
        Assert.Contains("cmt_lpm", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_cpu_counters_are_summed_across_possible_cpus()
    {
        using var map = BpfMap.Create(new MapSpec("cmt_percpu", BpfMapType.PerCpuArray, 4, 8, 2, 0, MapPinning.None));
        var cpus = PossibleCpus.Count;
        var values = new byte[map.ValueBufferSize];
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            BitConverter.TryWriteBytes(values.AsSpan(cpu * 8), (ulong)(cpu + 1) * 10);
        }

        map.Update(BitConverter.GetBytes(1u), values);

        Assert.Equal(8 * cpus, map.ValueBufferSize);
        Assert.Equal([(ulong)(10 * cpus * (cpus + 1) / 2)], map.SumPerCpuUInt64(BitConverter.GetBytes(1u))!);
        Assert.Equal([0UL], map.SumPerCpuUInt64(BitConverter.GetBytes(0u))!);
        Assert.Null(map.SumPerCpuUInt64(BitConverter.GetBytes(2u)));
    }

    [Fact]
    public void A_compatible_pin_is_adopted_with_its_contents()
    {
        using (var first = BpfMap.Open(HashSpec, _pins.Path, _logger))
        {
            first.Update(7u, 77UL);
            Assert.Equal(Path.Combine(_pins.Path, "cmt_hash"), first.PinPath);
        }

        using var second = BpfMap.Open(HashSpec, _pins.Path, _logger);

        Assert.True(second.TryLookup(7u, out ulong value));
        Assert.Equal(77UL, value);
        Assert.Contains(_logger.Entries, e => e.Id.Id == 6101);
    }

    [Fact]
    public void An_incompatible_pin_is_replaced_by_an_empty_map_and_the_reason_logged()
    {
        using (var first = BpfMap.Open(HashSpec, _pins.Path, _logger))
        {
            first.Update(7u, 77UL);
        }

        using var second = BpfMap.Open(HashSpec with { MaxEntries = 128 }, _pins.Path, _logger);

        Assert.Empty(second.Keys());
        var replaced = Assert.Single(_logger.Entries, e => e.Id.Id == 6102);
        Assert.Equal(LogLevel.Warning, replaced.Level);
        Assert.Contains("max entries 64, want 128", replaced.Message, StringComparison.Ordinal);

        using var third = BpfMap.Open(HashSpec with { MaxEntries = 128 }, _pins.Path, _logger);
        Assert.Single(_logger.Entries, e => e.Id.Id == 6102);
    }

    [Fact]
    public void A_global_data_map_starts_with_its_initial_value()
    {
        var spec = new MapSpec(".data", BpfMapType.Array, 4, 8, 1, 0, MapPinning.None) { InitialValue = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 } };
        using var map = BpfMap.Create(spec);

        Assert.True(map.TryLookup(0u, out ulong value));
        Assert.Equal(0x0807060504030201UL, value);
    }
}

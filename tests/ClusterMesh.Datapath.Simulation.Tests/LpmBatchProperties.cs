using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation.Maps;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary><see cref="LpmMap{TValue}.UpsertMany"/> against the same upserts one by one, and the fallback of
/// <see cref="PrefixMapBatches.UpsertMany{TValue}"/> for maps without batches.</summary>
public sealed class LpmBatchProperties
{
    [Property(MaxTest = 200)]
    public Property Batched_upserts_leave_the_same_map_as_single_ones(byte[] octets, byte[] lengths, int chunk)
    {
        var entries = octets.Zip(lengths, (o, l) => KeyValuePair.Create(
            new IpPrefix(new IPAddress([10, o, (byte)(o * 7), (byte)(o ^ l)]), 8 + (l % 25)), o * 1000 + l)).ToArray();
        var single = new LpmMap<int>();
        foreach (var (prefix, value) in entries)
        {
            single.Upsert(prefix, value);
        }

        var batched = new LpmMap<int>();
        var size = 1 + (Math.Abs(chunk % 16));
        foreach (var part in entries.Chunk(size))
        {
            batched.UpsertMany(part);
        }

        return (batched.Count == single.Count && batched.Dump().SequenceEqual(single.Dump())).ToProperty();
    }

    [Fact]
    public void A_batch_with_a_default_prefix_writes_nothing()
    {
        var map = new LpmMap<int>();
        KeyValuePair<IpPrefix, int>[] entries = [KeyValuePair.Create(IpPrefix.Parse("10.0.0.0/8"), 1), KeyValuePair.Create(default(IpPrefix), 2)];

        Assert.Throws<ArgumentException>(() => map.UpsertMany(entries));
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void The_extension_falls_back_to_single_upserts_on_maps_without_batches()
    {
        var map = new SingleOnlyMap();
        IPrefixMap<int> target = map;
        target.UpsertMany([KeyValuePair.Create(IpPrefix.Parse("10.0.0.0/8"), 1), KeyValuePair.Create(IpPrefix.Parse("10.0.0.0/8"), 2)]);

        Assert.Equal(2, map.Upserts);
        Assert.True(map.TryLookup(IPAddress.Parse("10.1.1.1"), out _, out var value));
        Assert.Equal(2, value);
    }

    private sealed class SingleOnlyMap : IPrefixMap<int>
    {
        private readonly LpmMap<int> _inner = new();

        public int Upserts { get; private set; }

        public int Count => _inner.Count;

        public void Upsert(IpPrefix prefix, int value)
        {
            Upserts++;
            _inner.Upsert(prefix, value);
        }

        public bool Delete(IpPrefix prefix) => _inner.Delete(prefix);

        public bool TryLookup(IPAddress address, out IpPrefix matched, out int value) => _inner.TryLookup(address, out matched, out value);

        public IReadOnlyList<KeyValuePair<IpPrefix, int>> Dump() => _inner.Dump();
    }
}

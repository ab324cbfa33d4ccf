using System.Buffers.Binary;
using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation.Maps;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>
/// The LPM map against a naive reference (a linear scan for the longest containing prefix), after random
/// upserts and deletes of IPv4 and IPv6 prefixes. Addresses are a few bases with a few bits flipped, so prefixes
/// nest, collide and get deleted for real.
/// </summary>
public sealed class LpmDifferentialProperties
{
    private static readonly UInt128[] IPv4Bases = [0x0A00_0000, 0x0A00_8000, 0xC0A8_0100];
    private static readonly UInt128[] IPv6Bases = [(UInt128)0xFD00 << 112, ((UInt128)0xFD00 << 112) | ((UInt128)1 << 64)];
    private static readonly int[] IPv4Lengths = [0, 8, 16, 24, 31, 32];
    private static readonly int[] IPv6Lengths = [0, 48, 64, 120, 128];

    [Property(MaxTest = 200)]
    public Property The_lpm_map_agrees_with_a_linear_scan() =>
        Prop.ForAll(Scenarios().ToArbitrary(), scenario => Replay(scenario) is null);

    [Fact]
    public void The_reference_itself_picks_the_longest_prefix()
    {
        var reference = new Dictionary<IpPrefix, int> { [IpPrefix.Parse("10.0.0.0/8")] = 1, [IpPrefix.Parse("10.1.0.0/16")] = 2 };

        Assert.Equal((IpPrefix.Parse("10.1.0.0/16"), 2), Naive(reference, IPAddress.Parse("10.1.2.3")));
        Assert.Null(Naive(reference, IPAddress.Parse("11.1.2.3")));
    }

    /// <summary>Runs a scenario on both; the first disagreement, or <c>null</c>.</summary>
    private static string? Replay(Scenario scenario)
    {
        var map = new LpmMap<int>();
        var reference = new Dictionary<IpPrefix, int>();
        foreach (var op in scenario.Ops)
        {
            if (op.Insert)
            {
                map.Upsert(op.Prefix, op.Value);
                reference[op.Prefix] = op.Value;
            }
            else if (map.Delete(op.Prefix) != reference.Remove(op.Prefix))
            {
                return $"delete {op.Prefix} disagreed";
            }

            // Intermediate states too: a few queries after every step, all of them at the end.
            if (Disagreement(map, reference, scenario.Queries.Take(4)) is { } early)
            {
                return $"after {op}: {early}";
            }
        }

        if (map.Count != reference.Count)
        {
            return $"count {map.Count} != {reference.Count}";
        }

        if (!map.Dump().ToHashSet().SetEquals(reference))
        {
            return "dump differs";
        }

        return Disagreement(map, reference, scenario.Queries);
    }

    private static string? Disagreement(LpmMap<int> map, Dictionary<IpPrefix, int> reference, IEnumerable<IPAddress> queries)
    {
        foreach (var query in queries)
        {
            var expected = Naive(reference, query);
            (IpPrefix, int)? actual = map.TryLookup(query, out var matched, out var value) ? (matched, value) : null;
            if (actual != expected)
            {
                return $"lookup {query}: map {actual?.ToString() ?? "miss"}, reference {expected?.ToString() ?? "miss"}";
            }
        }

        return null;
    }

    private static (IpPrefix, int)? Naive(Dictionary<IpPrefix, int> reference, IPAddress address)
    {
        (IpPrefix, int)? best = null;
        foreach (var (prefix, value) in reference)
        {
            if (prefix.Contains(address) && (best is null || prefix.PrefixLength > best.Value.Item1.PrefixLength))
            {
                best = (prefix, value);
            }
        }

        return best;
    }

    private static Gen<Scenario> Scenarios() =>
        from ops in Gen.ListOf(Ops())
        from queries in Gen.ListOf(Addresses())
        select new Scenario([.. ops], [.. queries]);

    private static Gen<MapOp> Ops() =>
        from kind in Gen.Choose(0, 2)
        from v6 in Families()
        from address in Address(v6)
        from length in Gen.OneOf(Gen.Elements(v6 ? IPv6Lengths : IPv4Lengths), Gen.Choose(0, v6 ? 128 : 32))
        from value in Gen.Choose(0, 1000)
        select new MapOp(kind < 2, new IpPrefix(address, length), value);

    private static Gen<IPAddress> Addresses() => Families().SelectMany(Address);

    private static Gen<bool> Families() => Gen.Choose(0, 3).Select(n => n == 0);

    private static Gen<IPAddress> Address(bool v6)
    {
        var width = v6 ? 128 : 32;
        var position = Gen.OneOf(Gen.Choose(0, width - 1), Gen.Choose(width - 8, width - 1));
        return from key in Gen.Elements(v6 ? IPv6Bases : IPv4Bases)
               from flipCount in Gen.Choose(0, 3)
               from flips in Gen.ArrayOf(position, flipCount)
               select ToAddress(flips.Aggregate(key, (k, p) => k ^ ((UInt128)1 << (width - 1 - p))), v6);
    }

    private static IPAddress ToAddress(UInt128 key, bool v6)
    {
        var bytes = new byte[v6 ? 16 : 4];
        if (v6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, key);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)key);
        }

        return new IPAddress(bytes);
    }

    public sealed record MapOp(bool Insert, IpPrefix Prefix, int Value)
    {
        public override string ToString() => Insert ? $"upsert {Prefix}={Value}" : $"delete {Prefix}";
    }

    public sealed record Scenario(IReadOnlyList<MapOp> Ops, IReadOnlyList<IPAddress> Queries)
    {
        public override string ToString() =>
            $"ops: [{string.Join(", ", Ops)}] queries: [{string.Join(", ", Queries)}] -> {Replay(this) ?? "agrees"}";
    }
}

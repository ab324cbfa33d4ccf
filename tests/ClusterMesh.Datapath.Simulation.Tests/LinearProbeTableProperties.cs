using System.Numerics;
using ClusterMesh.Datapath.Simulation.Maps;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Datapath.Simulation.Tests;

/// <summary>
/// <see cref="LinearProbeTable{TKey,TValue}"/> against a <see cref="Dictionary{TKey,TValue}"/> under random
/// upserts and deletes. Operations come in runs over consecutive keys of a small domain, so the table grows past
/// several sizes, shrinks back after mass deletes, and deletes shift colliding chains (wrapping past the end of
/// the array) while the same keys are inserted again.
/// </summary>
public sealed class LinearProbeTableProperties
{
    [Property(MaxTest = 200)]
    public Property The_ipv4_table_agrees_with_a_dictionary() =>
        Prop.ForAll(Scenarios(k => (uint)k, k => (uint)k << 8).ToArbitrary(), ops => Replay(ops) is null);

    [Property(MaxTest = 200)]
    public Property The_ipv6_table_agrees_with_a_dictionary() =>
        Prop.ForAll(Scenarios(k => (UInt128)k, k => (UInt128)k << 64).ToArbitrary(), ops => Replay(ops) is null);

    [Fact]
    public void A_delete_shifts_a_chain_back_across_the_end_of_the_array()
    {
        var table = new LinearProbeTable<uint, int>();
        var last = table.Capacity - 1;
        var shift = KeyHash.ShiftFor(table.Capacity);

        // Three keys whose home is the last slot: they take the last slot, then wrap to slots 0 and 1.
        var keys = Enumerable.Range(0, 10_000).Select(k => (uint)k).Where(k => KeyHash.Index(k, shift) == last).Take(3).ToArray();
        foreach (var key in keys)
        {
            Assert.True(table.Upsert(key, (int)key));
        }

        Assert.True(table.Delete(keys[0]));

        Assert.False(table.TryGetValue(keys[0], out _));
        Assert.All(keys[1..], key => Assert.True(table.TryGetValue(key, out var value) && value == (int)key, $"{key} lost by the shift"));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void Growth_and_mass_deletes_resize_the_array()
    {
        var table = new LinearProbeTable<uint, int>();
        var initial = table.Capacity;
        for (var key = 0u; key < 1000; key++)
        {
            table.Upsert(key, 0);
        }

        Assert.Equal(2048, table.Capacity);
        for (var key = 0u; key < 1000; key++)
        {
            Assert.True(table.Delete(key));
        }

        Assert.Equal(initial, table.Capacity);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void A_table_of_many_pages_keeps_every_entry_through_growth_deletes_and_shrinking()
    {
        // 20,000 keys need 32,768 slots: 32 pages, with probe chains crossing page boundaries.
        var table = new LinearProbeTable<UInt128, int>();
        var model = new Dictionary<UInt128, int>();
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var key = ((UInt128)(uint)random.Next() << 64) | (uint)random.Next();
            table.Upsert(key, i);
            model[key] = i;
        }

        Assert.Equal(32_768, table.Capacity);
        foreach (var key in model.Keys.Where((_, i) => i % 20 != 0).ToList())
        {
            Assert.True(table.Delete(key));
            model.Remove(key);
        }

        Assert.True(table.Capacity < 32_768, "a mass delete shrinks the table");
        Assert.Equal(model.Count, table.Count);
        Assert.All(model, pair => Assert.True(table.TryGetValue(pair.Key, out var value) && value == pair.Value, $"{pair.Key} lost"));
    }

    [Fact]
    public void A_capacity_hint_sizes_the_array_up_front()
    {
        var table = new LinearProbeTable<uint, int>(capacity: 6000);

        Assert.Equal(8192, table.Capacity);
    }

    /// <summary>Runs the operations on both; the first disagreement, or <c>null</c>.</summary>
    private static string? Replay<TKey>(IReadOnlyList<TableOp<TKey>> ops)
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        var table = new LinearProbeTable<TKey, int>();
        var model = new Dictionary<TKey, int>();
        var touched = new HashSet<TKey>();
        foreach (var op in ops)
        {
            touched.Add(op.Key);
            bool agreed;
            if (op.Insert)
            {
                var added = !model.ContainsKey(op.Key);
                model[op.Key] = op.Value;
                agreed = table.Upsert(op.Key, op.Value) == added;
            }
            else
            {
                agreed = table.Delete(op.Key) == model.Remove(op.Key);
            }

            if (!agreed)
            {
                return $"{op} returned a different answer";
            }

            if (table.Count != model.Count || table.Count > table.Capacity / 4 * 3 || !BitOperations.IsPow2(table.Capacity))
            {
                return $"after {op}: count {table.Count} (model {model.Count}) in {table.Capacity} slots";
            }
        }

        // Every key ever touched, present or deleted: a broken chain shows as a miss, a stale slot as a hit.
        foreach (var key in touched)
        {
            var found = table.TryGetValue(key, out var value);
            if (found != model.TryGetValue(key, out var expected) || value != expected)
            {
                return $"lookup {key}: table {(found ? value : "miss")}, model {(model.ContainsKey(key) ? expected : "miss")}";
            }
        }

        var values = new List<int>();
        table.CopyValuesTo(values);
        return values.Order().SequenceEqual(model.Values.Order()) ? null : "values differ";
    }

    private static Gen<TableOp<TKey>[]> Scenarios<TKey>(Func<int, TKey> dense, Func<int, TKey> spread)
        where TKey : unmanaged, IBinaryInteger<TKey>
    {
        // A run: upserts or deletes of `length` consecutive keys from `start`, in one of two key shapes
        // (consecutive hosts, or keys with zero low bits like masked prefixes).
        var runs =
            from insert in Gen.Choose(0, 4).Select(n => n < 3)
            from shape in Gen.Elements(dense, spread)
            from start in Gen.Choose(0, 300)
            from length in Gen.OneOf(Gen.Choose(1, 4), Gen.Choose(20, 200))
            from value in Gen.Choose(0, 1000)
            select Enumerable.Range(start, length).Select(k => new TableOp<TKey>(insert, shape(k), value + k)).ToArray();
        return Gen.ListOf(runs).Select(list => list.SelectMany(run => run).ToArray());
    }

    public sealed record TableOp<TKey>(bool Insert, TKey Key, int Value)
    {
        public override string ToString() => Insert ? $"upsert {Key}={Value}" : $"delete {Key}";
    }
}

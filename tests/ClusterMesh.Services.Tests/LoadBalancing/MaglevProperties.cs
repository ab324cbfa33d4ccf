using ClusterMesh.Services.LoadBalancing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Services.Tests.LoadBalancing;

public sealed class MaglevProperties
{
    private static Arbitrary<string[]> BackendKeys(int max = 100) =>
        (from count in Gen.Choose(1, max)
         from hosts in Gen.Choose(0, 0xFFFFFF).ArrayOf(count)
         select hosts.Distinct().Select(h => $"10.{h >> 16}.{(h >> 8) & 0xFF}.{h & 0xFF}:8080").ToArray())
        .ToArbitrary();

    [Property(MaxTest = 40)]
    public Property Every_backend_gets_an_equal_share_within_ten_percent() => Prop.ForAll(BackendKeys(), keys =>
    {
        var size = Maglev.TableSizeFor(keys.Length);
        var table = Maglev.Populate(keys, size);
        var equal = (double)size / keys.Length;
        var shares = table.GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        return (shares.Count == keys.Length && shares.Values.All(s => Math.Abs(s - equal) <= equal * 0.10))
            .Label($"size {size}, equal {equal:F1}, min {shares.Values.Min()}, max {shares.Values.Max()}");
    });

    /// <summary>Issue 5: removing one backend moves only its own slots plus at most 1% of the others (here: none).</summary>
    [Property(MaxTest = 40)]
    public Property Removing_a_backend_moves_its_own_slots_and_at_most_one_percent_of_the_others() => Prop.ForAll(
        (from keys in BackendKeys(60).Generator.Where(k => k.Length >= 2) from victim in Gen.Choose(0, 99) select (keys, victim % keys.Length)).ToArbitrary(),
        input =>
        {
            var (keys, victim) = input;
            var table = MaglevTable.Build(keys, Maglev.TableSizeFor(keys.Length, 65521));
            var before = Owners(table);
            table.Remove(keys[victim]);
            var after = Owners(table);
            var others = before.Count(k => k != keys[victim]);
            var moved = before.Zip(after).Count(p => p.First != keys[victim] && p.First != p.Second);
            return (moved <= others * 0.01 && WithinTenPercent(table))
                .Label($"{moved} of {others} slots of the other {keys.Length - 1} backends moved; {Describe(table)}");
        });

    [Property(MaxTest = 40)]
    public Property Adding_a_backend_moves_only_slots_to_it_and_no_more_than_its_fair_share() => Prop.ForAll(
        BackendKeys(60).Generator.Where(k => k.Length >= 2).ToArbitrary(),
        keys =>
        {
            var table = MaglevTable.Build(keys[1..], Maglev.TableSizeFor(keys.Length));
            var before = Owners(table);
            table.Add(keys[0]);
            var after = Owners(table);
            var moved = before.Zip(after).Where(p => p.First != p.Second).ToList();
            return (moved.All(p => p.Second == keys[0]) && moved.Count <= table.Size / keys.Length && WithinTenPercent(table))
                .Label($"{moved.Count} slots moved for a fair share of {table.Size / keys.Length}; {Describe(table)}");
        });

    /// <summary>Any sequence of adds and removes keeps every share within ±10% of equal.</summary>
    [Property(MaxTest = 25)]
    public Property Shares_stay_within_ten_percent_after_any_sequence_of_adds_and_removes() => Prop.ForAll(
        (from keys in BackendKeys(40).Generator.Where(k => k.Length >= 2)
         from steps in Gen.Choose(0, 1_000_000).ListOf().Select(l => l.Take(30).ToList())
         select (keys, steps)).ToArbitrary(),
        input =>
        {
            var (keys, steps) = input;
            var size = Maglev.TableSizeFor(keys.Length);
            var table = MaglevTable.Build(keys[..(keys.Length / 2 + 1)], size);
            foreach (var step in steps)
            {
                var key = keys[step % keys.Length];
                if (table.ShareOf(key) > 0 && table.Count > 1)
                {
                    table.Remove(key);
                }
                else
                {
                    table.Add(key);
                }

                if (!WithinTenPercent(table))
                {
                    return false.Label($"after {(table.ShareOf(key) > 0 ? "adding" : "removing")} {key}: {Describe(table)}");
                }
            }

            return true.Label(Describe(table));
        });

    [Property(MaxTest = 20)]
    public Property A_full_rebuild_is_plain_maglev_whatever_the_history() => Prop.ForAll(BackendKeys(30), keys =>
    {
        var size = Maglev.TableSizeFor(keys.Length, 1009);
        var incremental = MaglevTable.Build([], size);
        incremental.Update(keys);
        var rebuilt = MaglevTable.Build(incremental.Keys, size);
        return rebuilt.SlotsIndexedBy(incremental.Keys).SequenceEqual(Maglev.Populate(incremental.Keys, size))
            && incremental.Keys.Order(StringComparer.Ordinal).SequenceEqual(keys.Order(StringComparer.Ordinal));
    });

    [Property(MaxTest = 100)]
    public Property A_slots_position_in_a_permutation_is_found_without_search() => Prop.ForAll(
        (from host in Gen.Choose(0, 0xFFFFFF) from size in Gen.Elements(251, 1009, 16381, 65521) from slot in Gen.Choose(0, 65520)
         select (Key: $"10.0.{host >> 8 & 0xFF}.{host & 0xFF}:{host >> 16}", Size: size, Slot: slot % size)).ToArbitrary(),
        input =>
        {
            var permutation = MaglevPermutation.Of(input.Key, input.Size);
            var position = permutation.PositionOf(input.Slot);
            return position >= 0 && position < input.Size && permutation.Slot(position) == input.Slot;
        });

    private static string[] Owners(MaglevTable table) => [.. Enumerable.Range(0, table.Size).Select(s => table.KeyAt(s)!)];

    private static bool WithinTenPercent(MaglevTable table)
    {
        var equal = (double)table.Size / table.Count;
        return table.Keys.All(k => Math.Abs(table.ShareOf(k) - equal) <= equal * 0.10)
            && table.Keys.Sum(table.ShareOf) == table.Size && Enumerable.Range(0, table.Size).All(s => table.KeyAt(s) is not null);
    }

    private static string Describe(MaglevTable table) =>
        $"size {table.Size}, {table.Count} backends, shares {table.Keys.Min(table.ShareOf)}..{table.Keys.Max(table.ShareOf)}";

    [Fact]
    public void The_table_is_the_same_in_every_run_and_every_slot_is_filled()
    {
        string[] keys = ["10.1.0.1:80", "10.1.0.2:80", "10.2.0.1:80"];
        var first = Maglev.Populate(keys, 251);

        Assert.Equal(first, Maglev.Populate(keys, 251));
        Assert.DoesNotContain(-1, first);
        Assert.Equal([84, 84, 83], first.GroupBy(i => i).OrderBy(g => g.Key).Select(g => g.Count()).OrderByDescending(c => c));
    }

    [Theory]
    [InlineData(0, 16381, 16381)]
    [InlineData(100, 16381, 16381)]
    [InlineData(164, 16381, 16411)]
    [InlineData(3, 251, 307)]
    public void Table_size_is_a_prime_at_least_a_hundred_times_the_backends(int backends, int configured, int expected)
    {
        Assert.Equal(expected, Maglev.TableSizeFor(backends, configured));
    }

    [Fact]
    public void A_table_size_that_is_not_prime_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Maglev.TableSizeFor(1, 16384));
        Assert.Throws<ArgumentException>(() => Maglev.Populate(["a"], 100));
        Assert.Throws<ArgumentException>(() => new LoadBalancerTables(1000));
    }
}

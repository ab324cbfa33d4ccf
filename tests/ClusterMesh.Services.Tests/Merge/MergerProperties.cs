using ClusterMesh.Services.Merge;
using ClusterMesh.Services.Model;
using ClusterMesh.Services.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Services.Tests.Merge;

public sealed class MergerProperties
{
    private static Arbitrary<(MeshScenario Scenario, int Seed)> ScenarioWithSeed() =>
        (from scenario in MeshGen.Scenario() from seed in Gen.Choose(0, int.MaxValue) select (scenario, seed)).ToArbitrary();

    [Property]
    public Property Merged_state_does_not_depend_on_event_order() => Prop.ForAll(ScenarioWithSeed(), input =>
    {
        var inOrder = Apply(input.Scenario.Locals.Cast<object>().Concat(input.Scenario.Remotes));
        var shuffled = Apply(Shuffle(input.Scenario.Locals.Cast<object>().Concat(input.Scenario.Remotes), input.Seed));
        return (Render.Of(inOrder.Snapshot()) == Render.Of(shuffled.Snapshot())).Label(input.Scenario.ToString());
    });

    [Property]
    public Property Reapplying_every_event_changes_nothing() => Prop.ForAll(ScenarioWithSeed(), input =>
    {
        var events = input.Scenario.Locals.Cast<object>().Concat(input.Scenario.Remotes).ToList();
        var merger = Apply(events);
        var once = Render.Of(merger.Snapshot());
        Apply(Shuffle(events, input.Seed), merger);
        return once == Render.Of(merger.Snapshot());
    });

    [Property]
    public Property Removing_a_cluster_is_as_if_it_had_never_been_there() => Prop.ForAll(
        (from scenario in MeshGen.Scenario() from cluster in Gen.Elements(MeshGen.Remotes) select (scenario, cluster)).ToArbitrary(),
        input =>
        {
            var events = input.scenario.Locals.Cast<object>().Concat(input.scenario.Remotes).ToList();
            var removed = Apply(events);
            removed.RemoveCluster(input.cluster);
            var never = Apply(events.Where(e => e is not RemoteEvent r || r.Value.Cluster != input.cluster));
            return Render.Of(removed.Snapshot()) == Render.Of(never.Snapshot())
                && removed.Snapshot().All(s => s.Backends.All(b => b.Cluster != input.cluster));
        });

    [Property]
    public Property A_service_that_is_not_global_has_only_local_backends() => Prop.ForAll(MeshGen.Scenario().ToArbitrary(), scenario =>
        Apply(scenario.Locals.Cast<object>().Concat(scenario.Remotes)).Snapshot()
            .Where(s => !s.Global)
            .All(s => s.Backends.All(b => b.IsLocal && b.Cluster == "c1")));

    [Property]
    public Property Remote_backends_come_only_from_global_shared_exports_of_the_same_name() => Prop.ForAll(MeshGen.Scenario().ToArbitrary(), scenario =>
    {
        var merger = Apply(scenario.Locals.Cast<object>().Concat(scenario.Remotes));
        return merger.Snapshot().SelectMany(s => s.Backends.Where(b => !b.IsLocal).Select(b => (s, b))).All(x =>
            scenario.Remotes.Any(r => r.Value.Cluster == x.b.Cluster && r.Value.Name == x.s.Name.Name && r.Value.Shared && r.Value.IncludeExternal
                && r.Value.Backends!.ContainsKey(x.b.Address)));
    });

    [Property]
    public Property Malformed_values_are_all_counted() => Prop.ForAll(MeshGen.Scenario().ToArbitrary(), scenario =>
    {
        var merger = Apply(scenario.Locals.Cast<object>().Concat(scenario.Remotes));
        var malformed = scenario.Remotes.Count(r => r.Value.Backends!.Keys.Any(k => k.StartsWith("bad", StringComparison.Ordinal)));
        return merger.Rejections.Values.Sum() == malformed;
    });

    internal static GlobalServiceMerger Apply(IEnumerable<object> events, GlobalServiceMerger? merger = null)
    {
        merger ??= new GlobalServiceMerger("c1");
        foreach (var e in events)
        {
            switch (e)
            {
                case LocalService local: merger.UpsertLocal(local); break;
                case RemoteEvent remote: merger.OnUpsert(remote.Key, remote.Value); break;
            }
        }

        return merger;
    }

    private static List<object> Shuffle(IEnumerable<object> events, int seed)
    {
        var list = events.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }
}

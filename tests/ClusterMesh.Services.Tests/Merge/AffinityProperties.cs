using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Model;
using ClusterMesh.Services.Selection;
using ClusterMesh.Services.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Services.Tests.Merge;

public sealed class AffinityProperties
{
    private static Arbitrary<MergedBackend[]> Backends() =>
        (from isLocal in Gen.Elements(true, false)
         from state in Gen.Elements(Enum.GetValues<BackendState>())
         from host in Gen.Choose(1, 250)
         select new MergedBackend(isLocal ? "c1" : "c2", $"10.{(isLocal ? 1 : 2)}.0.{host}", Build.Http(), state, isLocal, Selected: host % 2 == 0))
        .ArrayOf().ToArbitrary();

    [Property]
    public Property Only_healthy_backends_are_selected_and_none_are_dropped() => Prop.ForAll(Backends(), backends =>
        Enum.GetValues<ServiceAffinity>().All(affinity =>
        {
            var result = BackendSelector.Apply(affinity, backends);
            return result.Count == backends.Length
                && result.Zip(backends).All(p => p.First with { Selected = p.Second.Selected } == p.Second)
                && result.All(b => !b.Selected || b.Healthy);
        }));

    [Property]
    public Property None_uses_every_healthy_backend() => Prop.ForAll(Backends(), backends =>
        BackendSelector.Apply(ServiceAffinity.None, backends).All(b => b.Selected == b.Healthy));

    [Property]
    public Property Local_keeps_to_local_backends_while_one_is_healthy() => Prop.ForAll(Backends(), backends =>
        Preference(BackendSelector.Apply(ServiceAffinity.Local, backends), preferLocal: true));

    [Property]
    public Property Remote_is_the_mirror_image_of_local() => Prop.ForAll(Backends(), backends =>
        Preference(BackendSelector.Apply(ServiceAffinity.Remote, backends), preferLocal: false));

    [Fact]
    public void Local_affinity_fails_over_to_remote_and_back()
    {
        MergedBackend Make(bool local, BackendState state) => new(local ? "c1" : "c2", local ? "10.1.0.1" : "10.2.0.1", Build.Http(), state, local, false);

        var healthy = BackendSelector.Apply(ServiceAffinity.Local, [Make(true, BackendState.Active), Make(false, BackendState.Active)]);
        var down = BackendSelector.Apply(ServiceAffinity.Local, [Make(true, BackendState.Quarantined), Make(false, BackendState.Active)]);
        var terminating = BackendSelector.Apply(ServiceAffinity.Local, [Make(true, BackendState.Terminating), Make(false, BackendState.Active)]);

        Assert.Equal([true, false], healthy.Select(b => b.Selected));
        Assert.Equal([false, true], down.Select(b => b.Selected));
        Assert.Equal([true, false], terminating.Select(b => b.Selected));
    }

    private static bool Preference(IReadOnlyList<MergedBackend> result, bool preferLocal)
    {
        var preferredHealthy = result.Any(b => b.IsLocal == preferLocal && b.Healthy);
        return result.All(b => b.Selected == (b.Healthy && (!preferredHealthy || b.IsLocal == preferLocal)));
    }
}

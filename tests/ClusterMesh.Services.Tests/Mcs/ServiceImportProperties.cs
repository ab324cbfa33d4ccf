using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Mcs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ClusterMesh.Services.Tests.Mcs.McsGen;

namespace ClusterMesh.Services.Tests.Mcs;

public sealed class ServiceImportProperties
{
    // Few clusters, names, timestamps and shapes, so ties and conflicts are common.
    private static Gen<ServiceExport> OneExport() =>
        from cluster in Gen.Elements("c1", "c2", "c3", "c4")
        from name in Gen.Elements("web", "db")
        from second in Gen.Choose(0, 2)
        from type in Gen.Elements("ClusterSetIP", "Headless")
        from affinity in Gen.Elements("None", "ClientIP")
        from timeout in Gen.Elements<int?>(null, 10)
        from port in Gen.Elements(80, 443)
        select Exported(cluster, second, name, type, affinity, affinity == "ClientIP" ? timeout : null, ("p", port, "TCP"));

    // One export per cluster and name, as a kvstore holds one value per key.
    private static Arbitrary<(List<ServiceExport> Exports, int Seed)> Exports() =>
        (from exports in OneExport().ListOf()
         from seed in Gen.Choose(0, int.MaxValue)
         select (exports.DistinctBy(KeyOf).ToList(), seed)).ToArbitrary();

    [Property]
    public Property Derived_imports_do_not_depend_on_upsert_order() => Prop.ForAll(Exports(), input =>
    {
        var random = new Random(input.Seed);
        var inOrder = Apply(input.Exports);
        var shuffled = Apply(input.Exports.OrderBy(_ => random.Next()).ToList());
        return Same(inOrder.Snapshot(), shuffled.Snapshot()).Label(string.Join(", ", input.Exports.Select(KeyOf)));
    });

    [Property]
    public Property Deleting_exports_leaves_what_the_remaining_exports_derive() => Prop.ForAll(Exports(), input =>
    {
        var random = new Random(input.Seed);
        var removed = input.Exports.Where(_ => random.Next(2) == 0).ToList();
        var resolver = Apply(input.Exports);
        foreach (var export in removed)
        {
            resolver.OnDelete(KeyOf(export), export);
        }

        return Same(resolver.Snapshot(), Apply(input.Exports.Except(removed).ToList()).Snapshot());
    });

    private static ServiceImportResolver Apply(List<ServiceExport> exports)
    {
        var resolver = new ServiceImportResolver();
        foreach (var export in exports)
        {
            resolver.OnUpsert(KeyOf(export), export);
        }

        return resolver;
    }

    private static bool Same(IReadOnlyList<DerivedServiceImport> a, IReadOnlyList<DerivedServiceImport> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.SameAs(p.Second));
}

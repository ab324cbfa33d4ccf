using ClusterMesh.Abstractions.Model;
using ClusterMesh.Services.Model;
using FsCheck;
using FsCheck.Fluent;

namespace ClusterMesh.Services.Tests.Support;

/// <summary>One kvstore event for the merger: a remote value under its key.</summary>
internal sealed record RemoteEvent(string Key, ClusterService Value)
{
    public override string ToString() => $"{Key} ({Value.Backends?.Count} backends{(Value.Backends?.Keys.Any(k => k.StartsWith("bad", StringComparison.Ordinal)) == true ? ", malformed" : string.Empty)})";
}

/// <summary>A local cluster's services and the remote clusters' exports (several per key when some are malformed).</summary>
internal sealed record MeshScenario(IReadOnlyList<LocalService> Locals, IReadOnlyList<RemoteEvent> Remotes)
{
    public override string ToString() =>
        $"locals: {string.Join("; ", Locals.Select(l => $"{l.Name} global={l.Global} affinity={l.Affinity} backends={string.Join(",", l.Backends.Select(b => $"{b.Address}:{b.State}"))}"))}\nremotes: {string.Join("; ", Remotes)}";
}

/// <summary>Generators of small meshes where names and addresses collide often.</summary>
internal static class MeshGen
{
    public static readonly string[] Names = ["s0", "s1", "s2"];
    public static readonly string[] Remotes = ["c2", "c3", "c4"];

    public static Gen<MeshScenario> Scenario() =>
        from locals in Gen.CollectToArray(Names.Select(n => Gen.OneOf(Gen.Constant<LocalService?>(null), Local(n).Select(l => (LocalService?)l))))
        from remotes in Gen.CollectToArray(Remotes.SelectMany(c => Names.Select(n => RemoteEvents(c, n))))
        select new MeshScenario([.. locals.OfType<LocalService>()], [.. remotes.SelectMany(r => r)]);

    public static Gen<LocalService> Local(string name) =>
        from global in Gen.Elements(true, false)
        from shared in Gen.Elements(true, false)
        from affinity in Gen.Elements(ServiceAffinity.None, ServiceAffinity.Local, ServiceAffinity.Remote)
        from backends in Gen.CollectToArray(Enumerable.Range(1, 3).Select(i => Gen.OneOf(
            Gen.Constant<LocalBackend?>(null),
            Gen.Elements(Enum.GetValues<BackendState>()).Select(s => (LocalBackend?)Build.Backend($"10.1.0.{i}", s)))))
        select Build.Local(name, global, shared, affinity, backends: [.. backends.OfType<LocalBackend>()]);

    /// <summary>None, one good value, or a good value and a malformed one for the same key.</summary>
    private static Gen<IReadOnlyList<RemoteEvent>> RemoteEvents(string cluster, string name) =>
        from present in Gen.Frequency((1, Gen.Constant(false)), (3, Gen.Constant(true)))
        from good in Remote(cluster, name)
        from withBad in Gen.Elements(true, false)
        select present
            ? (IReadOnlyList<RemoteEvent>)(withBad ? [Event(good), Event(good with { Backends = Bad() })] : [Event(good)])
            : [];

    private static Gen<ClusterService> Remote(string cluster, string name) =>
        from count in Gen.Choose(0, 3)
        from shared in Gen.Frequency((1, Gen.Constant(false)), (4, Gen.Constant(true)))
        from protocol in Gen.Frequency((1, Gen.Constant("UDP")), (6, Gen.Constant("TCP")))
        let id = int.Parse(cluster[1..], System.Globalization.CultureInfo.InvariantCulture)
        select Build.Remote(cluster, id, name, Enumerable.Range(1, count).Select(i => $"10.{id}.0.{i}"), shared: shared,
            ports: Build.Ports(("http", 8080, protocol)));

    private static Dictionary<string, IReadOnlyDictionary<string, PortConfiguration>> Bad() => new() { ["bad.address"] = Build.Http() };

    private static RemoteEvent Event(ClusterService value) => new(Build.KeyOf(value), value);
}

/// <summary>A text form of merged state that compares by value.</summary>
internal static class Render
{
    public static string Of(IEnumerable<MergedService> services) => string.Join("\n", services.Select(Of));

    public static string Of(MergedService s) =>
        $"{s.Name} g={s.Global} sh={s.Shared} a={s.Affinity} fe=[{string.Join(",", s.Frontends)}] " +
        $"be=[{string.Join(",", s.Backends.Select(b => $"{b.Cluster}/{b.Address}/{Ports(b.Ports)}/{b.State}/{(b.IsLocal ? "L" : "R")}/{(b.Selected ? "S" : "-")}"))}] " +
        $"ips=[{string.Join(",", s.ClusterIPs.Select(c => $"{c.Key}:{string.Join("+", c.Value)}"))}] cf=[{string.Join(",", s.Conflicts)}]";

    private static string Ports(IReadOnlyDictionary<string, PortConfiguration> ports) =>
        string.Join("+", ports.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value.Port}/{p.Value.Protocol}"));
}

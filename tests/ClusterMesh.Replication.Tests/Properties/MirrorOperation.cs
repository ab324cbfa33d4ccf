using FsCheck;
using FsCheck.Fluent;

namespace ClusterMesh.Replication.Tests.Properties;

/// <summary>What happens to the remote cluster, or to the connection to it, in one step.</summary>
internal enum MirrorStep
{
    Upsert,
    Delete,
    GoOffline,
    GoOnline,
    Compact,
    Restart,
}

/// <summary>One step of a generated history; <see cref="Node"/> and <see cref="Value"/> matter for writes only.</summary>
internal sealed record MirrorOperation(MirrorStep Step, int Node, int Value)
{
    public const int Nodes = 5;

    public string Name => $"n{Node}";

    public override string ToString() => Step switch
    {
        MirrorStep.Upsert => $"upsert {Name}={Value}",
        MirrorStep.Delete => $"delete {Name}",
        _ => Step.ToString(),
    };

    /// <summary>Mostly writes, with outages, compactions and restarts mixed in.</summary>
    public static Arbitrary<MirrorOperation[]> Histories()
    {
        var node = Gen.Choose(0, Nodes - 1);
        var write = node.SelectMany(n => Gen.Choose(0, 3), (n, v) => new MirrorOperation(MirrorStep.Upsert, n, v));
        var delete = node.Select(n => new MirrorOperation(MirrorStep.Delete, n, 0));
        Gen<MirrorOperation> Fault(MirrorStep step) => Gen.Constant(new MirrorOperation(step, 0, 0));
        var operation = Gen.Frequency(
            (8, write),
            (4, delete),
            (2, Fault(MirrorStep.GoOffline)),
            (2, Fault(MirrorStep.GoOnline)),
            (1, Fault(MirrorStep.Compact)),
            (1, Fault(MirrorStep.Restart)));
        return Gen.Choose(1, 30).SelectMany(length => Gen.ArrayOf(operation, length)).ToArbitrary();
    }
}

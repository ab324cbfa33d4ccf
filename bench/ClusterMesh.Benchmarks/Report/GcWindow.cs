namespace ClusterMesh.Benchmarks.Report;

/// <summary>What the GC did between two points: pause time and collections per generation.</summary>
internal readonly record struct GcWindow(TimeSpan Pause, int Gen0, int Gen1, int Gen2)
{
    public static GcWindow Now() =>
        new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public GcWindow Since(GcWindow start) =>
        new(Pause - start.Pause, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2);

    public override string ToString() => $"GC pause {Pause.TotalMilliseconds:N0} ms, collections gen0/1/2 {Gen0}/{Gen1}/{Gen2}";
}

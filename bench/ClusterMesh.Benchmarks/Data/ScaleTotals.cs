namespace ClusterMesh.Benchmarks.Data;

/// <summary>How many objects the remote cluster holds: Cilium's ClusterMesh scale-test totals times a scale.</summary>
internal sealed record ScaleTotals(int IpCacheEntries, int Nodes, int Identities)
{
    /// <summary>Cilium's scale test: 250,000 pods (ipcache entries), 25,000 nodes, 25,000 identities.</summary>
    public static ScaleTotals ScaleTest { get; } = new(250_000, 25_000, 25_000);

    public int Events => IpCacheEntries + Nodes + Identities;

    public static ScaleTotals At(double scale) => new(
        Math.Max(3, (int)Math.Round(ScaleTest.IpCacheEntries * scale)),
        Math.Max(3, (int)Math.Round(ScaleTest.Nodes * scale)),
        Math.Max(3, (int)Math.Round(ScaleTest.Identities * scale)));

    public override string ToString() => $"{IpCacheEntries:N0} ipcache entries, {Nodes:N0} nodes, {Identities:N0} identities";
}

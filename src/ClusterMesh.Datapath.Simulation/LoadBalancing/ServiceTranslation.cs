using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>Which way a service translation rewrote a packet.</summary>
public enum NatDirection
{
    /// <summary>A packet to a frontend was sent to a backend instead (its destination rewritten).</summary>
    Dnat,

    /// <summary>A backend's reply was made to come from the frontend (its source rewritten).</summary>
    ReverseNat,
}

/// <summary>What service translation did to a packet.</summary>
/// <param name="Direction">DNAT towards a backend or reverse NAT of a reply.</param>
/// <param name="Frontend">The service frontend.</param>
/// <param name="Backend">The backend of the connection.</param>
/// <param name="Established">Whether the backend came from the connection tracker rather than a new Maglev lookup.</param>
public sealed record ServiceTranslation(NatDirection Direction, LbServiceKey Frontend, LbBackendAddress Backend, bool Established)
{
    /// <summary>E.g. <c>dnat 10.96.0.10:80/TCP → 10.244.2.7:8080 (cluster2, new)</c>.</summary>
    public override string ToString() => Direction == NatDirection.Dnat
        ? $"dnat {Frontend} → {BackendText} ({Backend.Cluster}, {(Established ? "established" : "new")})"
        : $"reverse nat {BackendText} → {Frontend}";

    private string BackendText => Backend.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{Backend.Address}]:{Backend.Port}"
        : $"{Backend.Address}:{Backend.Port}";
}

using System.Net;
using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Services.LoadBalancing;

/// <summary>A table as a datapath's load-balancer map holds it (addresses parsed: the merger validated them).</summary>
internal static class LbDatapathEntries
{
    public static LbServiceKey KeyOf(LbFrontend frontend) => LbServiceKey.Of(IPAddress.Parse(frontend.Address), frontend.Port, frontend.Protocol);

    public static LbServiceEntry EntryOf(ServiceLbTable table) =>
        new([.. table.Backends.Select(b => new LbBackendAddress(IPAddress.Parse(b.Address), b.Port, b.Cluster))], table.Slots);
}

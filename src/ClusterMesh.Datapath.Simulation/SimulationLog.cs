using System.Net;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>The log messages of the simulated datapath (event ids 4000-4099).</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Node {Node} dropped {Source} -> {Destination}: {Reason}")]
    public static partial void PacketDropped(ILogger logger, string node, IPAddress source, IPAddress destination, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Underlay dropped {Source} -> {Destination}: {Reason}")]
    public static partial void UnderlayDropped(ILogger logger, IPAddress source, IPAddress destination, string reason);
}

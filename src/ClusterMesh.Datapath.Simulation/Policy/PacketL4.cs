using System.Globalization;

namespace ClusterMesh.Datapath.Simulation.Policy;

/// <summary>The L4 header of a packet, for policy enforcement and connection tracking.</summary>
/// <param name="Protocol">IANA protocol number (6 TCP, 17 UDP, 132 SCTP, 1 ICMP).</param>
/// <param name="SourcePort">The source port (0 for protocols without ports).</param>
/// <param name="DestinationPort">The destination port (0 for protocols without ports).</param>
public readonly record struct PacketL4(byte Protocol, ushort SourcePort, ushort DestinationPort)
{
    /// <summary>A TCP segment.</summary>
    public static PacketL4 Tcp(ushort sourcePort, ushort destinationPort) => new(6, sourcePort, destinationPort);

    /// <summary>A UDP datagram.</summary>
    public static PacketL4 Udp(ushort sourcePort, ushort destinationPort) => new(17, sourcePort, destinationPort);

    /// <summary>The header of the reply direction.</summary>
    public PacketL4 Reversed => new(Protocol, DestinationPort, SourcePort);

    /// <summary>E.g. <c>6 40000->80</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Protocol} {SourcePort}->{DestinationPort}");
}

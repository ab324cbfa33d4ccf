using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>A packet's 5-tuple: what service translation and connection tracking key on.</summary>
/// <param name="Source">The sender's address.</param>
/// <param name="SourcePort">The sender's port.</param>
/// <param name="Destination">The address the packet is sent to.</param>
/// <param name="DestinationPort">The port it is sent to.</param>
/// <param name="Protocol">TCP, UDP or SCTP (upper case; see <see cref="Of"/>).</param>
public readonly record struct L4Flow(IPAddress Source, ushort SourcePort, IPAddress Destination, ushort DestinationPort, string Protocol)
{
    /// <summary>Creates a flow, normalising the protocol to upper case.</summary>
    public static L4Flow Of(IPAddress source, ushort sourcePort, IPAddress destination, ushort destinationPort, string protocol = "TCP")
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        return new(source, sourcePort, destination, destinationPort, protocol.ToUpperInvariant());
    }

    /// <summary>The same connection in the other direction.</summary>
    public L4Flow Reply => new(Destination, DestinationPort, Source, SourcePort, Protocol);

    /// <summary>E.g. <c>10.244.1.5:40000 → 10.96.0.10:80/TCP</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Endpoint(Source, SourcePort)} → {Endpoint(Destination, DestinationPort)}/{Protocol}");

    /// <summary>
    /// A hash of the whole 5-tuple that is the same in every process (FNV-1a over the bytes, then the splitmix64
    /// finalizer), so a flow always picks the same Maglev slot.
    /// </summary>
    internal ulong Hash()
    {
        Span<byte> bytes = stackalloc byte[16 + 2 + 16 + 2 + 8];
        var length = 0;
        length += Write(Source, bytes[length..]);
        bytes[length++] = (byte)(SourcePort >> 8);
        bytes[length++] = (byte)SourcePort;
        length += Write(Destination, bytes[length..]);
        bytes[length++] = (byte)(DestinationPort >> 8);
        bytes[length++] = (byte)DestinationPort;
        foreach (var c in Protocol.AsSpan(0, Math.Min(Protocol.Length, 8)))
        {
            bytes[length++] = (byte)c;
        }

        var hash = 0xcbf29ce484222325UL;
        foreach (var b in bytes[..length])
        {
            hash = (hash ^ b) * 0x100000001b3UL;
        }

        hash += 0x9e3779b97f4a7c15UL;
        hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9UL;
        hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }

    internal L4Flow Normalized() => Protocol.Any(char.IsLower) ? this with { Protocol = Protocol.ToUpperInvariant() } : this;

    private static int Write(IPAddress address, Span<byte> into) => address.TryWriteBytes(into, out var written) ? written : 0;

    private static string Endpoint(IPAddress address, ushort port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}

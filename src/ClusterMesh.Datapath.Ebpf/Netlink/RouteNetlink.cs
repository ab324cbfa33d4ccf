using System.Net.Sockets;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <summary>
/// An rtnetlink (AF_NETLINK/NETLINK_ROUTE) connection: links, addresses, routes, neighbours and tc, in the network
/// namespace of the thread that opened it (a netlink socket stays bound to the namespace it was created in, so the
/// connection may then be used from any thread). Requests are serialized; every failure throws
/// <see cref="NetlinkException"/> with the operation, the object and the errno.
/// </summary>
public sealed partial class RouteNetlink : IDisposable
{
    private readonly NetlinkSocket _socket;

    private RouteNetlink(NetlinkSocket socket) => _socket = socket;

    /// <summary>Opens a connection in the calling thread's current network namespace.</summary>
    /// <exception cref="NetlinkException">The socket could not be created or bound.</exception>
    public static RouteNetlink Open() => new(new NetlinkSocket());

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    private static byte Family(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => 2,
        AddressFamily.InterNetworkV6 => 10,
        AddressFamily.Unspecified => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4 and IPv6"),
    };

    private static AddressFamily Family(byte family) => family switch
    {
        2 => AddressFamily.InterNetwork,
        10 => AddressFamily.InterNetworkV6,
        _ => AddressFamily.Unknown,
    };

    private static NetlinkMessageWriter Request(ushort type, ushort flags = 0) =>
        new(type, (ushort)(Nl.F_REQUEST | Nl.F_ACK | flags));

    private static NetlinkMessageWriter DumpRequest(ushort type) => new(type, Nl.F_REQUEST | Nl.F_DUMP);
}

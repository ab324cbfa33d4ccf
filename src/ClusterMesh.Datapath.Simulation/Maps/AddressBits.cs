using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ClusterMesh.Datapath.Simulation.Maps;

/// <summary>
/// Turns an address into the integer an LPM key holds, without allocating: IPv4 as a 32-bit number, IPv6 as a
/// 128-bit number, both most significant bit first (network order), so prefix masks are plain shifts.
/// </summary>
internal static class AddressBits
{
    public static bool IsIPv6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;

    public static uint ToIPv4Key(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out _)
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : throw new ArgumentException($"'{address}' is not an IPv4 address", nameof(address));
    }

    public static UInt128 ToIPv6Key(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out var written) && written == 16
            ? BinaryPrimitives.ReadUInt128BigEndian(bytes)
            : throw new ArgumentException($"'{address}' is not an IPv6 address", nameof(address));
    }

    /// <summary>Orders addresses IPv4 first, then numerically: the order of every dump.</summary>
    public static int Compare(IPAddress left, IPAddress right)
    {
        var (leftIsV6, rightIsV6) = (IsIPv6(left), IsIPv6(right));
        if (leftIsV6 != rightIsV6)
        {
            return leftIsV6 ? 1 : -1;
        }

        return leftIsV6 ? ToIPv6Key(left).CompareTo(ToIPv6Key(right)) : ToIPv4Key(left).CompareTo(ToIPv4Key(right));
    }
}

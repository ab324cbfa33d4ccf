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
    /// <summary>Width of an IPv4 key in bits.</summary>
    public const int IPv4Width = 32;

    /// <summary>Width of an IPv6 key in bits.</summary>
    public const int IPv6Width = 128;

    public static bool IsIPv6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;

    public static UInt128 ToKey(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException($"'{address}' is not an IPv4 or IPv6 address", nameof(address));
        }

        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>Orders addresses IPv4 first, then numerically: the order of every dump.</summary>
    public static int Compare(IPAddress left, IPAddress right)
    {
        var family = IsIPv6(left).CompareTo(IsIPv6(right));
        return family != 0 ? family : ToKey(left).CompareTo(ToKey(right));
    }
}

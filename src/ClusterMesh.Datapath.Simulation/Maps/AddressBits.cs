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

/// <summary>
/// Hashes IPv6 keys by folding both halves. The default <see cref="UInt128"/> hash made hash probes several
/// times slower than for <see cref="uint"/> keys in a measurement with 250,000 entries.
/// </summary>
internal sealed class IPv6KeyComparer : IEqualityComparer<UInt128>
{
    public static readonly IPv6KeyComparer Instance = new();

    public bool Equals(UInt128 x, UInt128 y) => x == y;

    public int GetHashCode(UInt128 obj)
    {
        var folded = (ulong)obj ^ ((ulong)(obj >> 64) * 0x9E37_79B9_7F4A_7C15UL);
        return (int)(folded ^ (folded >> 32));
    }
}

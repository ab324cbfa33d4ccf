using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Ebpf.Maps;

// The C structs of bpf/cm_maps.h, byte for byte. Addresses are network order (the IPAddress bytes as they are);
// other integers host order. Padding is always written as zero.

/// <summary><c>struct cm_lpm_key</c>: prefixlen counts 32 bits of family + pad, then the address prefix.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LpmKey
{
    public const uint Size = 24;
    public const uint FamilyBits = 32;

    public uint PrefixLength;
    public byte Family;
    public fixed byte Padding[3];
    public fixed byte Address[16];

    public static LpmKey From(IpPrefix prefix) => From(prefix.Address, prefix.PrefixLength);

    /// <summary>A full-length (/32 or /128) key: the kernel answers the longest stored prefix containing it.</summary>
    public static LpmKey Host(IPAddress address) => From(address, AddressBytes.BitsOf(address));

    public readonly IpPrefix ToPrefix()
    {
        var bits = AddressBytes.BitsOf(Family);
        fixed (byte* address = Address)
        {
            return new IpPrefix(new IPAddress(new ReadOnlySpan<byte>(address, bits / 8)), (int)(PrefixLength - FamilyBits));
        }
    }

    private static LpmKey From(IPAddress address, int prefixLength)
    {
        var key = new LpmKey { PrefixLength = FamilyBits + (uint)prefixLength, Family = AddressBytes.FamilyOf(address) };
        AddressBytes.Write(address, new Span<byte>(key.Address, 16));
        return key;
    }
}

/// <summary><c>struct cm_ipcache_value</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IpCacheEntryValue
{
    public const uint Size = 12;

    public uint Identity;
    public uint TunnelEndpoint;
    public byte EncryptKey;
    public fixed byte Padding[3];
}

/// <summary><c>struct cm_tunnel_value</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct TunnelValue
{
    public const uint Size = 8;

    public uint NodeAddress;
    public byte EncryptKey;
    public fixed byte Padding[3];
}

/// <summary><c>struct cm_route_value</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RouteValue
{
    public const uint Size = 20;

    public byte Family;
    public fixed byte Padding[3];
    public fixed byte NextHop[16];
}

/// <summary><c>struct cm_endpoint_key</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EndpointKey
{
    public const uint Size = 20;

    public byte Family;
    public fixed byte Padding[3];
    public fixed byte Address[16];

    public static EndpointKey From(IPAddress address)
    {
        var key = new EndpointKey { Family = AddressBytes.FamilyOf(address) };
        AddressBytes.Write(address, new Span<byte>(key.Address, 16));
        return key;
    }

    public readonly IPAddress ToAddress()
    {
        fixed (byte* address = Address)
        {
            return new IPAddress(new ReadOnlySpan<byte>(address, AddressBytes.BitsOf(Family) / 8));
        }
    }
}

/// <summary><c>struct cm_endpoint_value</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EndpointValue
{
    public const uint Size = 24;

    public uint IfIndex;
    public uint Identity;
    public uint EndpointId;
    public fixed byte PodMac[6];
    public fixed byte HostMac[6];
}

/// <summary><c>struct cm_config</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ConfigValue
{
    public const uint Size = 16;

    public uint NodeAddress;
    public uint VxlanIfIndex;
    public uint NetdevIfIndex;
    public uint Flags;
}

/// <summary>Addresses in the maps' form: a family byte (4 or 6) and the network-order bytes.</summary>
internal static class AddressBytes
{
    public const byte IPv4 = 4;
    public const byte IPv6 = 6;

    public static byte FamilyOf(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => IPv4,
        AddressFamily.InterNetworkV6 => IPv6,
        _ => throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address)),
    };

    public static int BitsOf(IPAddress address) => BitsOf(FamilyOf(address));

    public static int BitsOf(byte family) => family switch
    {
        IPv4 => 32,
        IPv6 => 128,
        _ => throw new InvalidDataException($"map entry with address family {family}"),
    };

    public static void Write(IPAddress address, Span<byte> destination)
    {
        destination.Clear();
        address.TryWriteBytes(destination, out _);
    }

    /// <summary>An IPv4 address as the <c>__u32</c> in network order the maps store (0 for none).</summary>
    public static uint ToIPv4Word(IPAddress? address, string what)
    {
        if (address is null)
        {
            return 0;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{what} {address}: cm_maps.h holds IPv4 underlay addresses only", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return MemoryMarshal.Read<uint>(bytes);
    }

    public static IPAddress FromIPv4Word(uint word)
    {
        Span<byte> bytes = stackalloc byte[4];
        MemoryMarshal.Write(bytes, in word);
        return new IPAddress(bytes);
    }
}

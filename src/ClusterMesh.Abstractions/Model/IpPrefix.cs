using System.Net;
using System.Net.Sockets;

namespace ClusterMesh.Abstractions.Model;

/// <summary>An IP network: a masked address and a prefix length (<c>10.244.0.0/24</c>).</summary>
public readonly record struct IpPrefix
{
    /// <summary>Creates a prefix, masking host bits off <paramref name="address"/>.</summary>
    public IpPrefix(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (prefixLength < 0 || prefixLength > bits)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"prefix length must be between 0 and {bits}");
        }

        Address = Mask(address, prefixLength);
        PrefixLength = prefixLength;
    }

    /// <summary>The network address (host bits zero).</summary>
    public IPAddress Address { get; }

    /// <summary>The number of leading bits that are fixed.</summary>
    public int PrefixLength { get; }

    /// <summary>Whether this is an IPv6 prefix.</summary>
    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>A host prefix (/32 or /128) for one address.</summary>
    public static IpPrefix Host(IPAddress address) =>
        new(address, address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);

    /// <summary>Parses <c>a.b.c.d/n</c>, <c>x::/n</c>, or a bare address (a host prefix).</summary>
    public static IpPrefix Parse(string text)
    {
        if (TryParse(text, out var prefix))
        {
            return prefix;
        }

        throw new FormatException($"'{text}' is not an IP address or CIDR");
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? text, out IpPrefix prefix)
    {
        prefix = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (!IPAddress.TryParse(text, out var host))
            {
                return false;
            }

            prefix = Host(host);
            return true;
        }

        if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            || length > (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32))
        {
            return false;
        }

        prefix = new IpPrefix(address, length);
        return true;
    }

    /// <summary>Whether <paramref name="address"/> lies inside this prefix.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == Address.AddressFamily && Mask(address, PrefixLength).Equals(Address);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Address}/{PrefixLength}";

    private static IPAddress Mask(IPAddress address, int prefixLength)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        bytes = bytes[..written];
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}

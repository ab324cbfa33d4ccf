using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using ClusterMesh.Abstractions.Wire.Json;
using ClusterMesh.Abstractions.Wire.Text;

namespace ClusterMesh.Abstractions.Model;

/// <summary>
/// An IP network: a masked address and a prefix length (<c>10.244.0.0/24</c>). In JSON it takes Go's
/// <c>net.IPNet</c> form, <c>{"IP":"10.244.0.0","Mask":"////AA=="}</c>.
/// </summary>
[JsonConverter(typeof(GoIpNetConverter))]
public readonly record struct IpPrefix
{
    /// <summary>Creates a prefix, masking host bits off <paramref name="address"/>.</summary>
    public IpPrefix(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bits = BitsOf(address);
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

    /// <summary>Whether this prefix covers exactly one address (/32 or /128).</summary>
    public bool IsHost => Address is not null && PrefixLength == BitsOf(Address);

    /// <summary>A host prefix (/32 or /128) for one address.</summary>
    public static IpPrefix Host(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new(address, BitsOf(address));
    }

    /// <summary>Parses <c>a.b.c.d/n</c>, <c>x::/n</c>, or a bare address (a host prefix).</summary>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static IpPrefix Parse(string text) =>
        TryParse(text, out var prefix) ? prefix : throw new FormatException($"'{text}' is not an IP address or CIDR");

    /// <summary>
    /// Parses without throwing. Addresses are read as strictly as Go reads them: dotted-quad IPv4 without
    /// leading zeros or shorthand, IPv6 without zones or brackets.
    /// </summary>
    public static bool TryParse(string? text, out IpPrefix prefix) => TryParse(text.AsSpan(), out prefix);

    /// <inheritdoc cref="TryParse(string?, out IpPrefix)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out IpPrefix prefix)
    {
        prefix = default;
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            if (!GoIp.TryParse(text, out var host))
            {
                return false;
            }

            prefix = Host(host);
            return true;
        }

        var lengthText = text[(slash + 1)..];
        if (!GoIp.TryParse(text[..slash], out var address)
            || lengthText.IsEmpty || lengthText.Length > 3
            || !int.TryParse(lengthText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            || length > BitsOf(address))
        {
            return false;
        }

        prefix = new IpPrefix(address, length);
        return true;
    }

    /// <summary>
    /// Builds a prefix from an address and a Go <c>net.IPMask</c>: 4 bytes for IPv4, 16 for IPv6, leading ones only.
    /// </summary>
    public static bool TryFromMask(IPAddress address, ReadOnlySpan<byte> mask, out IpPrefix prefix)
    {
        ArgumentNullException.ThrowIfNull(address);
        prefix = default;
        if (mask.Length != BitsOf(address) / 8)
        {
            return false;
        }

        var ones = 0;
        var seenZero = false;
        foreach (var b in mask)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var set = (b & (1 << bit)) != 0;
                if (set && seenZero)
                {
                    return false;
                }

                seenZero |= !set;
                ones += set ? 1 : 0;
            }
        }

        prefix = new IpPrefix(address, ones);
        return true;
    }

    /// <summary>Writes the Go <c>net.IPMask</c> bytes of this prefix; returns how many (4 or 16).</summary>
    public int WriteMask(Span<byte> destination)
    {
        var length = BitsOf(Address) / 8;
        for (var i = 0; i < length; i++)
        {
            var keep = Math.Clamp(PrefixLength - (i * 8), 0, 8);
            destination[i] = (byte)(0xFF << (8 - keep));
        }

        return length;
    }

    /// <summary>The Go <c>net.IPMask</c> bytes of this prefix.</summary>
    public byte[] GetMask()
    {
        Span<byte> mask = stackalloc byte[16];
        return mask[..WriteMask(mask)].ToArray();
    }

    /// <summary>Whether <paramref name="address"/> lies inside this prefix.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == Address.AddressFamily && Mask(address, PrefixLength).Equals(Address);
    }

    /// <summary>The CIDR text (<c>10.244.0.0/24</c>), the address written as Go writes it.</summary>
    public override string ToString() => Address is null ? string.Empty : $"{GoIp.Format(Address)}/{PrefixLength}";

    private static int BitsOf(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;

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

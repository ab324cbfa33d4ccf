using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace ClusterMesh.Abstractions.Wire.Text;

/// <summary>
/// IP address text as Go's <c>net.IP</c> reads and writes it. Parsing is strict where .NET is lenient
/// (<c>127.1</c>, <c>0x7f.0.0.1</c>, octal parts, zones and brackets are rejected), and formatting follows Go:
/// IPv4-mapped addresses print as IPv4, IPv6 uses RFC 5952 with the first longest zero run compressed.
/// </summary>
internal static class GoIp
{
    /// <summary>Longest accepted text (a full IPv6 address with an embedded IPv4 suffix is 45).</summary>
    private const int MaxTextLength = 64;

    public static bool TryParseUtf8(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (utf8.IsEmpty || utf8.Length > MaxTextLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxTextLength];
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] > 0x7F)
            {
                return false;
            }

            chars[i] = (char)utf8[i];
        }

        return TryParse(chars[..utf8.Length], out address);
    }

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.IsEmpty || text.Length > MaxTextLength)
        {
            return false;
        }

        if (text.IndexOf(':') < 0)
        {
            Span<byte> bytes = stackalloc byte[4];
            if (!TryParseDottedQuad(text, bytes))
            {
                return false;
            }

            address = new IPAddress(bytes);
            return true;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                return false;
            }
        }

        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            // The embedded IPv4 part must be a strict dotted quad too.
            var v4Start = text[..dot].LastIndexOf(':') + 1;
            Span<byte> ignored = stackalloc byte[4];
            if (!TryParseDottedQuad(text[v4Start..], ignored))
            {
                return false;
            }
        }

        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    public static string Format(IPAddress address)
    {
        Span<char> buffer = stackalloc char[MaxTextLength];
        var written = FormatInto(address, buffer);
        return new string(buffer[..written]);
    }

    /// <summary>Writes <paramref name="address"/> into <paramref name="destination"/> (at least 64 chars).</summary>
    public static int FormatInto(IPAddress address, Span<char> destination)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.TryFormat(destination, out var written)
                ? written
                : throw new ArgumentException("destination too small", nameof(destination));
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (ushort)((bytes[2 * i] << 8) | bytes[(2 * i) + 1]);
        }

        var (runStart, runLength) = LongestZeroRun(groups);
        var pos = 0;
        for (var i = 0; i < 8; i++)
        {
            if (i == runStart)
            {
                destination[pos++] = ':';
                destination[pos++] = ':';
                i += runLength - 1;
                continue;
            }

            if (pos > 0 && destination[pos - 1] != ':')
            {
                destination[pos++] = ':';
            }

            groups[i].TryFormat(destination[pos..], out var groupChars, "x", System.Globalization.CultureInfo.InvariantCulture);
            pos += groupChars;
        }

        return pos;
    }

    private static (int Start, int Length) LongestZeroRun(ReadOnlySpan<ushort> groups)
    {
        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            var j = i;
            while (j < groups.Length && groups[j] == 0)
            {
                j++;
            }

            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }

            i = Math.Max(i, j);
        }

        // "::" must not stand for a single zero group (RFC 5952 4.2.2).
        return bestLength >= 2 ? (bestStart, bestLength) : (-1, 0);
    }

    private static bool TryParseDottedQuad(ReadOnlySpan<char> text, Span<byte> bytes)
    {
        var part = 0;
        var pos = 0;
        while (part < 4)
        {
            var start = pos;
            var value = 0;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                value = (value * 10) + (text[pos] - '0');
                pos++;
                if (pos - start > 3)
                {
                    return false;
                }
            }

            var digits = pos - start;
            if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }

            bytes[part++] = (byte)value;
            if (part < 4)
            {
                if (pos >= text.Length || text[pos] != '.')
                {
                    return false;
                }

                pos++;
            }
        }

        return pos == text.Length;
    }
}

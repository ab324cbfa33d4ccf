using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// Reads an ipcache entry in the shape its writers produce (Go's <c>encoding/json</c>, and this SDK's encoder): one
/// object without whitespace, each known field at most once, strings of printable ASCII without escapes, numbers as
/// plain digits, <c>Mask</c> null or absent, named-port lists already pooled. Anything else is left to
/// <see cref="IpCacheEntryJsonReader"/>'s general path, which then decides (and names the error).
/// </summary>
/// <remarks>
/// Entries are 250,000 of the 310,000 keys of Cilium's scale test, and a general JSON tokenizer was the largest
/// share of decoding them. Accepting only that shape keeps this path simple enough to hold to the general one: a
/// differential property checks that whatever it accepts, the general path reads the same way.
/// </remarks>
internal static class IpCacheEntryFastReader
{
    /// <summary>The entry in <paramref name="utf8"/>, or <c>false</c> when the document is not in the common shape.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, IpCacheEntryPools pools, [NotNullWhen(true)] out IpCacheEntry? entry) =>
        TryRead(utf8, pools, default, out entry);

    /// <summary>
    /// <see cref="TryRead(ReadOnlySpan{byte}, IpCacheEntryPools, out IpCacheEntry?)"/> where the key already named the
    /// address: when <c>IP</c> holds exactly <paramref name="known"/>'s text, the entry takes its address.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, IpCacheEntryPools pools, KnownAddress known, [NotNullWhen(true)] out IpCacheEntry? entry)
    {
        entry = null;
        IPAddress? ip = null, hostIp = null;
        NumericIdentity id = default;
        byte key = 0;
        string metadata = string.Empty;
        string? ns = null, pod = null, uid = null, account = null;
        IReadOnlyList<NamedPort>? ports = null;
        int seen = 0;
        if (utf8.Length < 2 || utf8[0] != '{')
        {
            return false;
        }

        var rest = utf8[1..];
        while (true)
        {
            if (!TryReadName(ref rest, out var name) || (seen & Bit(name)) != 0)
            {
                return false;
            }

            seen |= Bit(name);
            bool read = name switch
            {
                Field.IP => TryReadString(ref rest, out var text) && TryIp(text, known, out ip),
                Field.HostIP => TryReadString(ref rest, out var text) && TryAddress(text, pools.HostAddresses, out hostIp),
                Field.ID => TryReadNumber(ref rest, uint.MaxValue, out var number) && Assign(out id, new NumericIdentity((uint)number)),
                Field.Key => TryReadNumber(ref rest, byte.MaxValue, out var number) && Assign(out key, (byte)number),
                Field.Mask => TrySkipNull(ref rest),
                Field.Metadata => TryReadString(ref rest, out var text) && Assign(out metadata, Ascii(text)),
                Field.K8sNamespace => TryReadString(ref rest, out var text) && Assign(out ns, pools.Strings.GetAscii(text)),
                Field.K8sPodName => TryReadString(ref rest, out var text) && Assign(out pod, Ascii(text)),
                Field.K8sPodUID => TryReadString(ref rest, out var text) && Assign(out uid, Ascii(text)),
                Field.K8sServiceAccount => TryReadString(ref rest, out var text) && Assign(out account, pools.Strings.GetAscii(text)),
                Field.NamedPorts => TryReadPorts(ref rest, pools.NamedPorts, out ports),
                _ => false,
            };
            if (!read || rest.IsEmpty)
            {
                return false;
            }

            if (rest[0] == '}')
            {
                break;
            }

            if (rest[0] != ',')
            {
                return false;
            }

            rest = rest[1..];
        }

        // The closing brace found must be the document's last byte, and IP is required.
        if (rest.Length != 1 || (seen & Bit(Field.IP)) == 0)
        {
            return false;
        }

        entry = new IpCacheEntry
        {
            IP = ip!,
            HostIP = hostIp,
            ID = id,
            Key = key,
            Metadata = metadata,
            K8sNamespace = ns,
            K8sPodName = pod,
            K8sPodUID = uid,
            K8sServiceAccount = account,
            NamedPorts = ports,
        };
        return true;
    }

    private enum Field
    {
        None,
        IP,
        HostIP,
        ID,
        Key,
        Mask,
        Metadata,
        K8sNamespace,
        K8sPodName,
        K8sPodUID,
        K8sServiceAccount,
        NamedPorts,
    }

    private static bool Assign<T>(out T target, T value)
    {
        target = value;
        return true;
    }

    /// <summary><c>"name":</c>, the name one of the known fields spelled plainly.</summary>
    private static bool TryReadName(ref ReadOnlySpan<byte> rest, out Field name)
    {
        name = Field.None;
        if (!TryReadString(ref rest, out var text) || rest.IsEmpty || rest[0] != ':')
        {
            return false;
        }

        rest = rest[1..];
        name = NameOf(text);
        return name != Field.None;
    }

    /// <summary>The field's bit in the set of fields seen.</summary>
    private static int Bit(Field field) => 1 << (int)field;

    // By length first: at most two comparisons per name, for a dozen names per entry.
    private static Field NameOf(ReadOnlySpan<byte> text) => text.Length switch
    {
        2 when text.SequenceEqual("IP"u8) => Field.IP,
        2 when text.SequenceEqual("ID"u8) => Field.ID,
        3 when text.SequenceEqual("Key"u8) => Field.Key,
        4 when text.SequenceEqual("Mask"u8) => Field.Mask,
        6 when text.SequenceEqual("HostIP"u8) => Field.HostIP,
        8 when text.SequenceEqual("Metadata"u8) => Field.Metadata,
        9 when text.SequenceEqual("K8sPodUID"u8) => Field.K8sPodUID,
        10 when text.SequenceEqual("K8sPodName"u8) => Field.K8sPodName,
        10 when text.SequenceEqual("NamedPorts"u8) => Field.NamedPorts,
        12 when text.SequenceEqual("K8sNamespace"u8) => Field.K8sNamespace,
        17 when text.SequenceEqual("K8sServiceAccount"u8) => Field.K8sServiceAccount,
        _ => Field.None,
    };

    /// <summary>A string of printable ASCII without escapes; its text without the quotes.</summary>
    private static bool TryReadString(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (rest.IsEmpty || rest[0] != '"')
        {
            return false;
        }

        int end = rest[1..].IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || rest[1 + end] != '"')
        {
            return false;
        }

        text = rest.Slice(1, end);
        if (text.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            return false;
        }

        rest = rest[(end + 2)..];
        return true;
    }

    /// <summary>An unsigned integer in JSON's plain form (no sign, fraction, exponent or leading zero), at most <paramref name="max"/>.</summary>
    private static bool TryReadNumber(ref ReadOnlySpan<byte> rest, uint max, out ulong value)
    {
        value = 0;
        int length = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (length <= 0 || length > 10 || (length > 1 && rest[0] == '0'))
        {
            return false;
        }

        foreach (byte digit in rest[..length])
        {
            value = (value * 10) + (ulong)(digit - '0');
        }

        rest = rest[length..];
        return value <= max;
    }

    private static bool TrySkipNull(ref ReadOnlySpan<byte> rest)
    {
        if (!rest.StartsWith("null"u8))
        {
            return false;
        }

        rest = rest[4..];
        return true;
    }

    // An endpoint's key already names its address, parsed: taking it rather than parsing the same text again leaves
    // one address per mirrored pod and no second one as garbage among the mirror's survivors.
    private static bool TryIp(ReadOnlySpan<byte> text, KnownAddress known, out IPAddress? ip)
    {
        if (known.Address is not null && System.Text.Ascii.Equals(text, known.Text))
        {
            ip = known.Address;
            return true;
        }

        return Text.GoIp.TryParseUtf8(text, out ip);
    }

    private static bool TryAddress(ReadOnlySpan<byte> text, Utf8AddressPool? pool, out IPAddress? address)
    {
        if (pool is not null)
        {
            return pool.TryGet(text, out address);
        }

        address = null;
        return text.IsEmpty || Text.GoIp.TryParseUtf8(text, out address);
    }

    /// <summary><c>null</c>, or an array whose exact text is pooled (the general path parses and pools it first).</summary>
    private static bool TryReadPorts(ref ReadOnlySpan<byte> rest, NamedPortListPool? pool, out IReadOnlyList<NamedPort>? ports)
    {
        ports = null;
        if (TrySkipNull(ref rest))
        {
            return true;
        }

        if (pool is null || rest.IsEmpty || rest[0] != '[')
        {
            return false;
        }

        // The pool holds only whole arrays the general path read, whose text is balanced: if the text up to the first
        // ']' is one of them, that ']' closes the array (a ']' inside a string or a nested array would leave the text
        // before it unbalanced). A miss leaves the array to the general path, which pools it for the next entry.
        int end = rest.IndexOf((byte)']');
        if (end < 0 || !pool.TryGet(rest[..(end + 1)], out ports))
        {
            return false;
        }

        rest = rest[(end + 1)..];
        return true;
    }

    private static string Ascii(ReadOnlySpan<byte> text) => text.IsEmpty ? string.Empty : Encoding.ASCII.GetString(text);
}

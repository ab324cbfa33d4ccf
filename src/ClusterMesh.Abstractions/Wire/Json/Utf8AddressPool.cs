using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>
/// One shared <see cref="IPAddress"/> per distinct address text of a field that repeats across entries: an ipcache
/// entry's <c>HostIP</c> is one of a few thousand node addresses, while every entry would otherwise keep its own
/// copy alive (250,000 of them in Cilium's scale test, each copied by the GC between generations). Keyed by the
/// UTF-8 text as it stands in the JSON; text with escapes is parsed as without the pool. A pooled value is exactly
/// what <see cref="WireJsonText.ParseIpOrEmpty"/> gives for that text, and text it rejects is never pooled.
/// </summary>
/// <remarks>
/// <see cref="IPAddress"/> is mutable in principle (<see cref="IPAddress.ScopeId"/>, the obsolete
/// <c>Address</c> setter), so shared instances are a contract: readers of the decoded records must not mutate
/// them. Only addresses for which a scope cannot matter are shared: IPv4, and IPv6 with a zero scope (Go's text
/// form has no zones, so every address parsed from the wire qualifies; the check keeps that true if parsing
/// ever changes). Bounded and thread-safe through <see cref="Utf8KeyedPool{T}"/>.
/// </remarks>
internal sealed class Utf8AddressPool
{
    /// <summary>Longest text pooled: <see cref="Text.GoIp"/> rejects anything longer anyway.</summary>
    private const int MaxTextLength = 64;

    private readonly Utf8KeyedPool<IPAddress> _addresses;

    /// <param name="capacity">Most addresses kept: enough for every node of a large cluster, dual-stack.</param>
    public Utf8AddressPool(int capacity = 65_536) => _addresses = new Utf8KeyedPool<IPAddress>(capacity, MaxTextLength);

    /// <summary>The number of pooled addresses.</summary>
    public int Count => _addresses.Count;

    /// <summary>The current string token as an address (<c>""</c> gives <c>null</c>), shared when its text was seen before.</summary>
    /// <exception cref="JsonException">The text is not an address, as <see cref="WireJsonText.ParseIpOrEmpty"/> reports it.</exception>
    public IPAddress? Get(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return WireJsonText.ParseIpOrEmpty(ref reader);
        }

        return TryGet(reader.ValueSpan, out var address) ? address : WireJsonText.ParseIpOrEmpty(ref reader);
    }

    /// <summary>The address of unescaped UTF-8 <paramref name="text"/> (<c>""</c> gives <c>null</c>), shared when seen
    /// before; <c>false</c> when the text is not an address.</summary>
    public bool TryGet(ReadOnlySpan<byte> text, out IPAddress? address)
    {
        if (_addresses.TryGet(text, out address) || text.IsEmpty)
        {
            return true;
        }

        if (!Text.GoIp.TryParseUtf8(text, out address))
        {
            return false;
        }

        address = IsShareable(address) ? _addresses.Add(text, address) : address;
        return true;
    }

    private static bool IsShareable(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.ScopeId == 0;
}

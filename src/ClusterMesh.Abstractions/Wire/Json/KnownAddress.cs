using System.Net;

namespace ClusterMesh.Abstractions.Wire.Json;

/// <summary>An address already parsed, with the text it was parsed from (an ipcache key's address part).</summary>
/// <param name="Text">The text, exactly as written.</param>
/// <param name="Address">The address it reads as; <c>null</c> when there is none.</param>
internal readonly ref struct KnownAddress(ReadOnlySpan<char> Text, IPAddress? Address)
{
    public ReadOnlySpan<char> Text { get; } = Text;

    public IPAddress? Address { get; } = Address;
}

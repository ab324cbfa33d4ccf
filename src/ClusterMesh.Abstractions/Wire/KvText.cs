using System.Globalization;
using System.Text;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Text;

namespace ClusterMesh.Abstractions.Wire;

/// <summary>
/// The plain-text kvstore values: RFC 3339 times (synced canaries, the heartbeat) and decimal identities
/// (identity value keys in kvstore allocation mode).
/// </summary>
public static class KvText
{
    /// <summary>The longest time text accepted (Go writes 20 to 25 bytes; fractions may add 10).</summary>
    private const int MaxTimeLength = 64;

    /// <summary>Writes a time as Go's <c>time.RFC3339</c> does: whole seconds, the value's own offset (<c>Z</c> for UTC).</summary>
    public static byte[] EncodeTimestamp(DateTimeOffset time) => Encoding.ASCII.GetBytes(Rfc3339.Format(time));

    /// <summary>Reads an RFC 3339 time without throwing.</summary>
    public static bool TryDecodeTimestamp(ReadOnlySpan<byte> value, out DateTimeOffset time)
    {
        time = default;
        return value.Length <= MaxTimeLength && Rfc3339.TryParse(value, out time);
    }

    /// <summary>Reads an RFC 3339 time.</summary>
    /// <exception cref="WireValidationException">The value is not one (<see cref="RejectReason.MalformedValue"/>).</exception>
    public static DateTimeOffset DecodeTimestamp(string key, ReadOnlySpan<byte> value) =>
        TryDecodeTimestamp(value, out var time)
            ? time
            : throw new WireValidationException(key, RejectReason.MalformedValue, "not an RFC 3339 time");

    /// <summary>Writes an identity as decimal text.</summary>
    public static byte[] EncodeIdentity(NumericIdentity id) => Encoding.ASCII.GetBytes(id.Value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a decimal identity.</summary>
    /// <exception cref="WireValidationException">The value is not one (<see cref="RejectReason.MalformedValue"/>).</exception>
    public static NumericIdentity DecodeIdentity(string key, ReadOnlySpan<byte> value)
    {
        if (value.Length is > 0 and <= 10 && (value.Length == 1 || value[0] != '0')
            && uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new NumericIdentity(id);
        }

        throw new WireValidationException(key, RejectReason.MalformedValue, "not a decimal identity");
    }
}

using System.Globalization;

namespace ClusterMesh.Abstractions.Wire.Text;

/// <summary>
/// RFC 3339 timestamps as Go's <c>time.RFC3339</c> layout writes them (<c>2025-01-01T00:00:00Z</c>,
/// <c>2025-01-01T01:00:00+01:00</c>): whole seconds on output; fractional seconds accepted on input, as Go does.
/// </summary>
internal static class Rfc3339
{
    /// <summary>Formats with the value's own offset (<c>Z</c> for UTC), truncated to whole seconds.</summary>
    public static string Format(DateTimeOffset value)
    {
        var text = value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        var offset = value.Offset;
        if (offset == TimeSpan.Zero)
        {
            return text + "Z";
        }

        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{text}{sign}{offset.Hours:00}:{offset.Minutes:00}");
    }

    /// <summary>Parses <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20
            || !TryDigits(text, 0, 4, out var year) || text[4] != '-'
            || !TryDigits(text, 5, 2, out var month) || text[7] != '-'
            || !TryDigits(text, 8, 2, out var day) || text[10] != 'T'
            || !TryDigits(text, 11, 2, out var hour) || text[13] != ':'
            || !TryDigits(text, 14, 2, out var minute) || text[16] != ':'
            || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        var pos = 19;
        long fractionTicks = 0;
        if (text[pos] == '.')
        {
            pos++;
            var start = pos;
            long scale = TimeSpan.TicksPerSecond;
            while (pos < text.Length && char.IsAsciiDigit((char)text[pos]))
            {
                if (scale > 1)
                {
                    scale /= 10;
                    fractionTicks += (text[pos] - '0') * scale;
                }

                pos++;
            }

            if (pos == start)
            {
                return false;
            }
        }

        if (!TryParseOffset(text[pos..], out var offset)
            || month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool TryParseOffset(ReadOnlySpan<byte> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.Length == 1 && text[0] == 'Z')
        {
            return true;
        }

        if (text.Length != 6 || text[0] is not ((byte)'+' or (byte)'-') || text[3] != ':'
            || !TryDigits(text, 1, 2, out var hours) || !TryDigits(text, 4, 2, out var minutes)
            || hours > 23 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit((char)text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }
}

using System.Buffers.Binary;
using System.Text;

namespace ClusterMesh.Datapath.Ebpf.Elf;

/// <summary>
/// Bounds-checked little-endian reads: every read outside the data becomes an <see cref="ElfFormatException"/>
/// naming the section and offset, never an <see cref="IndexOutOfRangeException"/>.
/// </summary>
internal static class ElfBytes
{
    public static byte U8(ReadOnlySpan<byte> data, long offset, string where) => Span(data, offset, 1, where)[0];

    public static ushort U16(ReadOnlySpan<byte> data, long offset, string where) =>
        BinaryPrimitives.ReadUInt16LittleEndian(Span(data, offset, 2, where));

    public static uint U32(ReadOnlySpan<byte> data, long offset, string where) =>
        BinaryPrimitives.ReadUInt32LittleEndian(Span(data, offset, 4, where));

    public static ulong U64(ReadOnlySpan<byte> data, long offset, string where) =>
        BinaryPrimitives.ReadUInt64LittleEndian(Span(data, offset, 8, where));

    /// <summary>The bytes [offset, offset + length) of <paramref name="data"/>, or a format error.</summary>
    public static ReadOnlySpan<byte> Span(ReadOnlySpan<byte> data, long offset, long length, string where)
    {
        Check(data.Length, offset, length, where);
        return data.Slice((int)offset, (int)length);
    }

    /// <inheritdoc cref="Span"/>
    public static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> data, ulong offset, ulong length, string where)
    {
        if (offset > long.MaxValue || length > long.MaxValue)
        {
            throw new ElfFormatException($"range of {length} bytes at 0x{offset:x} is out of bounds", where);
        }

        Check(data.Length, (long)offset, (long)length, where);
        return data.Slice((int)offset, (int)length);
    }

    /// <summary>The NUL-terminated string at <paramref name="offset"/> of a string table.</summary>
    public static string CString(ReadOnlySpan<byte> table, ulong offset, string where)
    {
        if (offset >= (ulong)table.Length)
        {
            throw new ElfFormatException($"string offset {offset} is past the end of the string table ({table.Length} bytes)", where, (long)Math.Min(offset, long.MaxValue));
        }

        var rest = table[(int)offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new ElfFormatException("string is not NUL-terminated", where, (long)offset);
        }

        return Encoding.UTF8.GetString(rest[..end]);
    }

    private static void Check(int available, long offset, long length, string where)
    {
        if (offset < 0 || length < 0 || offset > available || length > available - offset)
        {
            throw new ElfFormatException($"read of {length} bytes is out of bounds (size {available})", where, offset);
        }
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <summary>
/// Builds one netlink request: the <c>nlmsghdr</c>, the family header, then attributes (4-byte aligned TLVs, nested
/// ones closed by <see cref="EndNested"/>). Host byte order except where a caller writes network order explicitly.
/// </summary>
internal sealed class NetlinkMessageWriter
{
    private const int HeaderSize = 16;
    private byte[] _buffer = new byte[256];
    private int _length;

    public NetlinkMessageWriter(ushort type, ushort flags)
    {
        Type = type;
        Flags = flags;
        _length = HeaderSize;
    }

    public ushort Type { get; }

    public ushort Flags { get; }

    public static int Align(int length) => (length + 3) & ~3;

    /// <summary>Appends a fixed family header (ifinfomsg, rtmsg, ...), padded to 4 bytes.</summary>
    public NetlinkMessageWriter Struct<T>(T value)
        where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        var span = Reserve(Align(size));
        MemoryMarshal.Write(span, in value);
        return this;
    }

    public NetlinkMessageWriter Attribute(ushort type, ReadOnlySpan<byte> payload)
    {
        var span = Reserve(Align(4 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)(4 + payload.Length)));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        payload.CopyTo(span[4..]);
        return this;
    }

    public NetlinkMessageWriter U8(ushort type, byte value) => Attribute(type, [value]);

    public NetlinkMessageWriter U32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        MemoryMarshal.Write(bytes, in value);
        return Attribute(type, bytes);
    }

    /// <summary>A 16-bit value in network byte order (ports).</summary>
    public NetlinkMessageWriter Be16(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return Attribute(type, bytes);
    }

    /// <summary>A NUL-terminated string, as the kernel expects for names and kinds.</summary>
    public NetlinkMessageWriter String(ushort type, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return Attribute(type, bytes);
    }

    public NetlinkMessageWriter Address(ushort type, IPAddress address) => Attribute(type, address.GetAddressBytes());

    /// <summary>Opens a nested attribute; returns the offset to pass to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var offset = _length;
        var span = Reserve(4);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        return offset;
    }

    public void EndNested(int offset) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(offset), checked((ushort)(_length - offset)));

    /// <summary>The finished message with its length, sequence number and port id filled in.</summary>
    public ReadOnlySpan<byte> Finish(uint sequence)
    {
        var header = new NlMsgHdr { Length = (uint)_length, Type = Type, Flags = Flags, Sequence = sequence };
        MemoryMarshal.Write(_buffer, in header);
        return _buffer.AsSpan(0, _length);
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }
}

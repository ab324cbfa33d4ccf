using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace ClusterMesh.Datapath.Ebpf.Netlink;

/// <summary>One received netlink message: its header fields and its payload (family header + attributes).</summary>
internal readonly record struct NetlinkMessage(ushort Type, ushort Flags, uint Sequence, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Splits a datagram into messages; stops at a truncated or malformed header.</summary>
    public static List<NetlinkMessage> Parse(ReadOnlySpan<byte> datagram)
    {
        var messages = new List<NetlinkMessage>();
        var offset = 0;
        while (offset + 16 <= datagram.Length)
        {
            var header = MemoryMarshal.Read<NlMsgHdr>(datagram[offset..]);
            if (header.Length < 16 || offset + header.Length > datagram.Length)
            {
                throw new InvalidDataException($"netlink message at {offset} claims {header.Length} bytes of {datagram.Length - offset}");
            }

            var payload = datagram.Slice(offset + 16, (int)header.Length - 16).ToArray();
            messages.Add(new NetlinkMessage(header.Type, header.Flags, header.Sequence, payload));
            offset += NetlinkMessageWriter.Align((int)header.Length);
        }

        return messages;
    }

    /// <summary>The family header at the start of the payload.</summary>
    public T Header<T>()
        where T : unmanaged => MemoryMarshal.Read<T>(Payload.Span);

    /// <summary>The attributes after a family header of type <typeparamref name="T"/>.</summary>
    public NetlinkAttributes Attributes<T>()
        where T : unmanaged
    {
        var start = NetlinkMessageWriter.Align(Marshal.SizeOf<T>());
        return NetlinkAttributes.Parse(Payload[Math.Min(start, Payload.Length)..]);
    }
}

/// <summary>Attributes by type (the last one wins when a type repeats), with typed accessors.</summary>
internal sealed class NetlinkAttributes
{
    private readonly Dictionary<ushort, ReadOnlyMemory<byte>> _byType = [];

    public static NetlinkAttributes Parse(ReadOnlyMemory<byte> data)
    {
        var attributes = new NetlinkAttributes();
        var span = data.Span;
        var offset = 0;
        while (offset + 4 <= span.Length)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]) & Nl.NLA_TYPE_MASK);
            if (length < 4 || offset + length > span.Length)
            {
                throw new InvalidDataException($"netlink attribute {type} at {offset} claims {length} bytes of {span.Length - offset}");
            }

            attributes._byType[type] = data.Slice(offset + 4, length - 4);
            offset += NetlinkMessageWriter.Align(length);
        }

        return attributes;
    }

    public bool Has(ushort type) => _byType.ContainsKey(type);

    public ReadOnlyMemory<byte>? Bytes(ushort type) => _byType.TryGetValue(type, out var value) ? value : null;

    public NetlinkAttributes? Nested(ushort type) => Bytes(type) is { } value ? Parse(value) : null;

    public uint? U32(ushort type) => Bytes(type) is { Length: >= 4 } value ? BinaryPrimitives.ReadUInt32LittleEndian(value.Span) : null;

    public byte? U8(ushort type) => Bytes(type) is { Length: >= 1 } value ? value.Span[0] : null;

    public ushort? Be16(ushort type) => Bytes(type) is { Length: >= 2 } value ? BinaryPrimitives.ReadUInt16BigEndian(value.Span) : null;

    public string? String(ushort type) => Bytes(type) is { } value ? Encoding.UTF8.GetString(value.Span).TrimEnd('\0') : null;

    public IPAddress? Address(ushort type) =>
        Bytes(type) is { Length: 4 or 16 } value ? new IPAddress(value.Span) : null;
}

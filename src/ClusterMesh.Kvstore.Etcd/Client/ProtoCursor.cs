namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// A forward reader of protobuf wire format over one message (or embedded message) inside a larger buffer. Positions
/// stay absolute in the buffer, so a field's bytes can be remembered as an offset and a length instead of copied.
/// Malformed input throws <see cref="InvalidDataException"/> naming the message and the byte offset.
/// </summary>
internal ref struct ProtoCursor
{
    /// <summary>Varint wire type (int64, uint64, bool, enum).</summary>
    public const int Varint = 0;

    /// <summary>Fixed 8-byte wire type.</summary>
    public const int Fixed64 = 1;

    /// <summary>Length-delimited wire type (bytes, string, embedded message).</summary>
    public const int LengthDelimited = 2;

    /// <summary>Fixed 4-byte wire type.</summary>
    public const int Fixed32 = 5;

    // A 64-bit value takes at most 10 varint bytes; more is corrupt data, not a bigger number.
    private const int MaxVarintBytes = 10;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _end;
    private readonly string _message;
    private int _position;
    private int _tagAt;

    /// <summary>A cursor over <paramref name="buffer"/>[<paramref name="start"/>..<paramref name="end"/>), which
    /// holds one <paramref name="message"/> (named in errors).</summary>
    public ProtoCursor(ReadOnlySpan<byte> buffer, int start, int end, string message)
    {
        _buffer = buffer;
        _position = start;
        _end = end;
        _message = message;
    }

    /// <summary>Whether every field of the message has been read.</summary>
    public readonly bool AtEnd => _position >= _end;

    /// <summary>The next field's tag: field number times 8 plus wire type.</summary>
    public uint ReadTag()
    {
        _tagAt = _position;
        ulong tag = ReadVarint();
        if (tag > uint.MaxValue || (tag >> 3) == 0)
        {
            throw Malformed($"invalid tag {tag}", _tagAt);
        }

        return (uint)tag;
    }

    /// <summary>A varint, as protobuf reads it: up to 10 bytes, bits beyond 64 dropped.</summary>
    public ulong ReadVarint()
    {
        int at = _position;
        ulong result = 0;
        for (int i = 0; i < MaxVarintBytes; i++)
        {
            if (_position >= _end)
            {
                throw Malformed("truncated varint", at);
            }

            byte b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Malformed($"varint longer than {MaxVarintBytes} bytes", at);
    }

    /// <summary>A length-delimited field's payload: its absolute offset and length, stepped over.</summary>
    public (int Offset, int Length) ReadLengthDelimited()
    {
        int at = _position;
        ulong length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw Malformed($"length {length} runs past the end ({_end - _position} bytes left)", at);
        }

        int offset = _position;
        _position += (int)length;
        return (offset, (int)length);
    }

    /// <summary>An embedded message field: a cursor over its payload, stepped over in this one.</summary>
    public ProtoCursor ReadMessage(string message)
    {
        var (offset, length) = ReadLengthDelimited();
        return new ProtoCursor(_buffer, offset, offset + length, message);
    }

    /// <summary>Steps over the value of a field this reader does not need, by the wire type in <paramref name="tag"/>.</summary>
    public void Skip(uint tag)
    {
        int at = _position;
        switch ((int)(tag & 7))
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                SkipBytes(8, at);
                break;
            case LengthDelimited:
                ReadLengthDelimited();
                break;
            case Fixed32:
                SkipBytes(4, at);
                break;
            case 3 or 4:
                // Groups are deprecated and etcd never sends them; refusing them keeps this reader small.
                throw Malformed($"group (wire type {tag & 7}) in field {tag >> 3}", _tagAt);
            default:
                throw Malformed($"invalid wire type {tag & 7} in field {tag >> 3}", _tagAt);
        }
    }

    private void SkipBytes(int count, int at)
    {
        if (_end - _position < count)
        {
            throw Malformed($"truncated {count}-byte fixed field", at);
        }

        _position += count;
    }

    private readonly InvalidDataException Malformed(string what, int at) =>
        new($"Malformed etcd {_message}: {what} at byte {at} of {_buffer.Length}.");
}

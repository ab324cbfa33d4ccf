using System.Buffers.Binary;
using System.Text;
using ClusterMesh.Datapath.Ebpf.Btf;

namespace ClusterMesh.Datapath.Ebpf.Tests.Btf;

/// <summary>Writes minimal BTF blobs by hand (header, type records, strings) for the reader's unit tests.</summary>
internal sealed class BtfBlobBuilder
{
    private readonly List<byte> _types = [];
    private readonly List<byte> _strings = [0];
    private uint _count;

    /// <summary>Appends a type record; returns its id.</summary>
    public uint Add(BtfKind kind, string name, uint sizeOrType, int vlen = 0, bool kindFlag = false, params uint[] trailing)
    {
        Word(Name(name));
        Word(((uint)kind << 24) | (uint)vlen | (kindFlag ? 1u << 31 : 0));
        Word(sizeOrType);
        foreach (var word in trailing)
        {
            Word(word);
        }

        return ++_count;
    }

    public uint Int(string name, uint size, uint encoding = 0) => Add(BtfKind.Int, name, size, trailing: (encoding << 24) | (size * 8));

    public uint Pointer(uint target) => Add(BtfKind.Pointer, "", target);

    public uint Array(uint element, uint index, uint count) => Add(BtfKind.Array, "", 0, trailing: [element, index, count]);

    public uint Struct(string name, uint size, params (string Name, uint Type, uint BitOffset)[] members) =>
        Composite(BtfKind.Struct, name, size, members);

    public uint Composite(BtfKind kind, string name, uint size, params (string Name, uint Type, uint BitOffset)[] members) =>
        Add(kind, name, size, members.Length, trailing: [.. members.SelectMany(m => new[] { Name(m.Name), m.Type, m.BitOffset })]);

    /// <summary>Offset of <paramref name="text"/> in the string section (added once; empty is offset 0).</summary>
    public uint Name(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var offset = (uint)_strings.Count;
        _strings.AddRange(Encoding.UTF8.GetBytes(text));
        _strings.Add(0);
        return offset;
    }

    public byte[] Build()
    {
        var blob = new byte[24 + _types.Count + _strings.Count];
        BinaryPrimitives.WriteUInt16LittleEndian(blob, 0xEB9F);
        blob[2] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), 24);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), (uint)_types.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(16), (uint)_types.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(20), (uint)_strings.Count);
        _types.CopyTo(blob, 24);
        _strings.CopyTo(blob, 24 + _types.Count);
        return blob;
    }

    public BtfTypes Parse() => BtfReader.Parse(Build());

    private void Word(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _types.AddRange(bytes.ToArray());
    }
}

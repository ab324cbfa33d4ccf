using ClusterMesh.Datapath.Ebpf.Elf;

namespace ClusterMesh.Datapath.Ebpf.Btf;

/// <summary>
/// Parses a <c>.BTF</c> blob: the header, the string section and every type record (ids from 1; 0 is void).
/// Every kind up to ENUM64 is decoded, so the record list can be walked; unknown kinds are a format error
/// because their trailing data has an unknown length.
/// </summary>
internal static class BtfReader
{
    public const string Section = ".BTF";
    private const ushort Magic = 0xEB9F;
    private const string TypeArea = ".BTF type section";
    private const string StringArea = ".BTF string section";
    private const int TypeHeaderSize = 12;

    public static BtfTypes Parse(ReadOnlySpan<byte> blob)
    {
        var magic = ElfBytes.U16(blob, 0, Section);
        if (magic != Magic)
        {
            throw new ElfFormatException($"magic 0x{magic:x4}, expected 0x{Magic:x4} (little-endian BTF)", Section, 0);
        }

        var version = ElfBytes.U8(blob, 2, Section);
        if (version != 1)
        {
            throw new ElfFormatException($"BTF version {version} is not supported", Section, 2);
        }

        var headerLength = ElfBytes.U32(blob, 4, Section);
        var typeOffset = ElfBytes.U32(blob, 8, Section);
        var typeLength = ElfBytes.U32(blob, 12, Section);
        var stringOffset = ElfBytes.U32(blob, 16, Section);
        var stringLength = ElfBytes.U32(blob, 20, Section);
        if (headerLength < 24)
        {
            throw new ElfFormatException($"header length {headerLength} is shorter than 24", Section, 4);
        }

        var types = ElfBytes.Span(blob, (long)headerLength + typeOffset, typeLength, Section);
        var strings = ElfBytes.Span(blob, (long)headerLength + stringOffset, stringLength, Section);
        var parsed = new List<BtfType>();
        for (long at = 0; at < types.Length;)
        {
            parsed.Add(ReadType(types, strings, ref at));
        }

        return new BtfTypes(parsed);
    }

    private static BtfType ReadType(ReadOnlySpan<byte> types, ReadOnlySpan<byte> strings, ref long at)
    {
        var start = at;
        var name = Name(strings, ElfBytes.U32(types, at, TypeArea), at);
        var info = ElfBytes.U32(types, at + 4, TypeArea);
        var sizeOrType = ElfBytes.U32(types, at + 8, TypeArea);
        var count = (int)(info & 0xffff);
        var kindFlag = (info >> 31) != 0;
        at += TypeHeaderSize;
        switch ((BtfKind)((info >> 24) & 0x1f))
        {
            case BtfKind.Int:
                var encoding = Next(types, ref at);
                return new BtfInt(name, sizeOrType, (encoding >> 24) & 0xf, (encoding >> 16) & 0xff, encoding & 0xff);
            case BtfKind.Pointer:
                return new BtfPointer(sizeOrType);
            case BtfKind.Array:
                return new BtfArray(Next(types, ref at), Next(types, ref at), Next(types, ref at));
            case BtfKind.Struct or BtfKind.Union:
                var kind = (BtfKind)((info >> 24) & 0x1f);
                return new BtfComposite(kind, name, sizeOrType, Members(types, strings, ref at, count, bitfields: kindFlag));
            case BtfKind.Enum:
                var values = new KeyValuePair<string, long>[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = new(Name(strings, Next(types, ref at), at), (int)Next(types, ref at));
                }

                return new BtfEnum(BtfKind.Enum, name, sizeOrType, values);
            case BtfKind.Enum64:
                var values64 = new KeyValuePair<string, long>[count];
                for (var i = 0; i < count; i++)
                {
                    var valueName = Name(strings, Next(types, ref at), at);
                    values64[i] = new(valueName, (long)(Next(types, ref at) | ((ulong)Next(types, ref at) << 32)));
                }

                return new BtfEnum(BtfKind.Enum64, name, sizeOrType, values64);
            case BtfKind.Forward:
                return new BtfForward(name, kindFlag);
            case BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict or BtfKind.TypeTag or BtfKind.Function:
                return new BtfReference((BtfKind)((info >> 24) & 0x1f), name, sizeOrType);
            case BtfKind.FunctionProto:
                var parameters = new BtfMember[count];
                for (var i = 0; i < count; i++)
                {
                    parameters[i] = new BtfMember(Name(strings, Next(types, ref at), at), Next(types, ref at), 0);
                }

                return new BtfFunctionProto(sizeOrType, parameters);
            case BtfKind.Variable:
                return new BtfVariable(name, sizeOrType, Next(types, ref at));
            case BtfKind.DataSection:
                var variables = new BtfSectionVariable[count];
                for (var i = 0; i < count; i++)
                {
                    variables[i] = new BtfSectionVariable(Next(types, ref at), Next(types, ref at), Next(types, ref at));
                }

                return new BtfDataSection(name, sizeOrType, variables);
            case BtfKind.Float:
                return new BtfFloat(name, sizeOrType);
            case BtfKind.DeclTag:
                return new BtfDeclTag(name, sizeOrType, (int)Next(types, ref at));
            default:
                throw new ElfFormatException($"unknown BTF kind {(info >> 24) & 0x1f}", TypeArea, start);
        }
    }

    private static BtfMember[] Members(ReadOnlySpan<byte> types, ReadOnlySpan<byte> strings, ref long at, int count, bool bitfields)
    {
        var members = new BtfMember[count];
        for (var i = 0; i < count; i++)
        {
            var name = Name(strings, Next(types, ref at), at);
            var type = Next(types, ref at);
            var offset = Next(types, ref at);
            members[i] = new BtfMember(name, type, bitfields ? offset & 0xffffff : offset); // kind_flag: size in the top 8 bits
        }

        return members;
    }

    private static uint Next(ReadOnlySpan<byte> types, ref long at)
    {
        var value = ElfBytes.U32(types, at, TypeArea);
        at += 4;
        return value;
    }

    private static string Name(ReadOnlySpan<byte> strings, uint offset, long where) =>
        offset == 0 ? "" : offset < strings.Length
            ? ElfBytes.CString(strings, offset, StringArea)
            : throw new ElfFormatException($"name offset {offset} is past the string section ({strings.Length} bytes)", TypeArea, where);
}

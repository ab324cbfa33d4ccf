using ClusterMesh.Datapath.Ebpf.Elf;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Datapath.Ebpf.Tests.Elf;

/// <summary>
/// Damaged copies of the real object either parse or fail with <see cref="ElfFormatException"/> — never an
/// IndexOutOfRange, NullReference, Overflow or OutOfMemory escaping the reader.
/// </summary>
public sealed class CorruptionProperties
{
    private static readonly byte[] Original = DatapathObjects.ReadObject(DatapathObjects.DatapathObjectName);

    [Property(MaxTest = 300)]
    public Property Truncated_objects_fail_only_with_ElfFormatException() =>
        Prop.ForAll(Gen.Choose(0, Original.Length - 1).ToArbitrary(), length => ParsesOrFailsTyped(Original.AsSpan(0, length).ToArray()));

    [Property(MaxTest = 500)]
    public Property Bit_flipped_objects_fail_only_with_ElfFormatException() =>
        Prop.ForAll(
            Gen.Choose(0, (Original.Length * 8) - 1).ListOf().Select(bits => bits.Take(8).ToArray()).ToArbitrary(),
            bits =>
            {
                var image = Original.ToArray();
                foreach (var bit in bits)
                {
                    image[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                return ParsesOrFailsTyped(image);
            });

    [Property(MaxTest = 300)]
    public Property Flips_in_the_structural_parts_fail_only_with_ElfFormatException() =>
        // Most of the file is instructions and debug info; aim at the header, section table, symbols, relocations, BTF.
        Prop.ForAll(
            Gen.Elements(StructuralRanges()).SelectMany(r => Gen.Choose(r.Start, r.End - 1)).SelectMany(at =>
                Gen.Choose(0, 255).Select(value => (at, value))).ToArbitrary(),
            change =>
            {
                var image = Original.ToArray();
                image[change.at] = (byte)change.value;
                return ParsesOrFailsTyped(image);
            });

    private static (int Start, int End)[] StructuralRanges()
    {
        var file = ElfFile.Parse(Original);
        var table = (int)BitConverter.ToUInt64(Original, 0x28);
        var ranges = new List<(int, int)> { (0, 64), (table, table + (file.Sections.Count * 64)) };
        foreach (var name in new[] { ".symtab", ".reltc", ".BTF", ".strtab", "license" })
        {
            var section = file.Find(name)!;
            var offset = (int)BitConverter.ToUInt64(Original, table + (section.Index * 64) + 24);
            ranges.Add((offset, offset + section.Data.Length));
        }

        return [.. ranges];
    }

    private static bool ParsesOrFailsTyped(byte[] image)
    {
        try
        {
            ElfCollectionReader.Read(image);
            return true;
        }
        catch (ElfFormatException)
        {
            return true;
        }
    }
}

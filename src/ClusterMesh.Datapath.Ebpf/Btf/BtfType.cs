namespace ClusterMesh.Datapath.Ebpf.Btf;

/// <summary>One BTF type record; <see cref="Name"/> is empty for anonymous types.</summary>
internal abstract record BtfType(BtfKind Kind, string Name);

/// <summary>An integer of <paramref name="Size"/> bytes (<c>BTF_KIND_INT</c>).</summary>
internal sealed record BtfInt(string Name, uint Size, uint Encoding, uint BitOffset, uint Bits) : BtfType(BtfKind.Int, Name);

/// <summary>A pointer to <paramref name="Target"/>.</summary>
internal sealed record BtfPointer(uint Target) : BtfType(BtfKind.Pointer, "");

/// <summary><paramref name="Count"/> elements of <paramref name="ElementType"/>. libbpf's <c>__uint(x, N)</c> is a pointer to one.</summary>
internal sealed record BtfArray(uint ElementType, uint IndexType, uint Count) : BtfType(BtfKind.Array, "");

/// <summary>A member of a struct or union; <paramref name="BitOffset"/> from the start of the aggregate.</summary>
internal sealed record BtfMember(string Name, uint Type, uint BitOffset);

/// <summary>A struct or union of <paramref name="Size"/> bytes.</summary>
internal sealed record BtfComposite(BtfKind Kind, string Name, uint Size, IReadOnlyList<BtfMember> Members) : BtfType(Kind, Name);

/// <summary>An enum (<c>ENUM</c> or <c>ENUM64</c>) of <paramref name="Size"/> bytes.</summary>
internal sealed record BtfEnum(BtfKind Kind, string Name, uint Size, IReadOnlyList<KeyValuePair<string, long>> Values) : BtfType(Kind, Name);

/// <summary>A forward declaration of a struct or union with no body.</summary>
internal sealed record BtfForward(string Name, bool IsUnion) : BtfType(BtfKind.Forward, Name);

/// <summary>
/// A type that only names or qualifies another: typedef, volatile, const, restrict, type tag, and function
/// (whose target is its prototype).
/// </summary>
internal sealed record BtfReference(BtfKind Kind, string Name, uint Target) : BtfType(Kind, Name);

/// <summary>A function prototype: return type and parameter types.</summary>
internal sealed record BtfFunctionProto(uint ReturnType, IReadOnlyList<BtfMember> Parameters) : BtfType(BtfKind.FunctionProto, "");

/// <summary>A global variable of <paramref name="Type"/>.</summary>
internal sealed record BtfVariable(string Name, uint Type, uint Linkage) : BtfType(BtfKind.Variable, Name);

/// <summary>Where a variable lives in a data section.</summary>
internal sealed record BtfSectionVariable(uint Type, uint Offset, uint Size);

/// <summary>A data section (<c>.maps</c>, <c>.data</c>...) and its variables.</summary>
internal sealed record BtfDataSection(string Name, uint Size, IReadOnlyList<BtfSectionVariable> Variables) : BtfType(BtfKind.DataSection, Name);

/// <summary>A floating-point type of <paramref name="Size"/> bytes.</summary>
internal sealed record BtfFloat(string Name, uint Size) : BtfType(BtfKind.Float, Name);

/// <summary>An annotation on <paramref name="Target"/> (or its member/parameter <paramref name="ComponentIndex"/>; -1 for the type itself).</summary>
internal sealed record BtfDeclTag(string Name, uint Target, int ComponentIndex) : BtfType(BtfKind.DeclTag, Name);

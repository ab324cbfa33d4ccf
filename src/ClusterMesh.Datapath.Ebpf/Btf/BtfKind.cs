namespace ClusterMesh.Datapath.Ebpf.Btf;

/// <summary>The kinds of BTF type records (<c>BTF_KIND_*</c>), as encoded in bits 24–28 of a type's info word.</summary>
internal enum BtfKind
{
    Int = 1,
    Pointer = 2,
    Array = 3,
    Struct = 4,
    Union = 5,
    Enum = 6,
    Forward = 7,
    Typedef = 8,
    Volatile = 9,
    Const = 10,
    Restrict = 11,
    Function = 12,
    FunctionProto = 13,
    Variable = 14,
    DataSection = 15,
    Float = 16,
    DeclTag = 17,
    TypeTag = 18,
    Enum64 = 19,
}

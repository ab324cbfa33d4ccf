using System.Runtime.InteropServices;

namespace ClusterMesh.Datapath.Ebpf.Native;

// The slices of `union bpf_attr` each command reads. Each struct ends at the command's last field this package
// sets: bpf(2) is passed sizeof(struct), and the kernel treats the bytes it was not given as zero.

/// <summary>BPF_MAP_CREATE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MapCreateAttr
{
    public uint MapType;
    public uint KeySize;
    public uint ValueSize;
    public uint MaxEntries;
    public uint MapFlags;
    public uint InnerMapFd;
    public uint NumaNode;
    public fixed byte MapName[BpfNames.ObjectNameLength];
}

/// <summary>BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM, BPF_MAP_DELETE_ELEM, BPF_MAP_GET_NEXT_KEY.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MapElemAttr
{
    public uint MapFd;
    public uint Padding;
    public ulong Key;
    public ulong ValueOrNextKey;
    public ulong Flags;
}

/// <summary>BPF_PROG_LOAD.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ProgLoadAttr
{
    public uint ProgType;
    public uint InsnCount;
    public ulong Insns;
    public ulong License;
    public uint LogLevel;
    public uint LogSize;
    public ulong LogBuf;
    public uint KernVersion;
    public uint ProgFlags;
    public fixed byte ProgName[BpfNames.ObjectNameLength];
    public uint ProgIfIndex;
    public uint ExpectedAttachType;
}

/// <summary>BPF_OBJ_PIN and BPF_OBJ_GET.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ObjPinAttr
{
    public ulong PathName;
    public uint BpfFd;
    public uint FileFlags;
}

/// <summary>BPF_OBJ_GET_INFO_BY_FD.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct InfoByFdAttr
{
    public uint BpfFd;
    public uint InfoLength;
    public ulong Info;
}

/// <summary>BPF_LINK_CREATE (the generic head; tcx needs nothing after it).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LinkCreateAttr
{
    public uint ProgFd;
    public uint TargetIfIndex;
    public uint AttachType;
    public uint Flags;
}

/// <summary>BPF_LINK_UPDATE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LinkUpdateAttr
{
    public uint LinkFd;
    public uint NewProgFd;
    public uint Flags;
    public uint OldProgFd;
}

/// <summary>BPF_LINK_DETACH.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LinkDetachAttr
{
    public uint LinkFd;
}

/// <summary>BPF_PROG_TEST_RUN (up to <c>duration</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ProgTestRunAttr
{
    public uint ProgFd;
    public uint Retval;
    public uint DataSizeIn;
    public uint DataSizeOut;
    public ulong DataIn;
    public ulong DataOut;
    public uint Repeat;
    public uint Duration;
}

/// <summary>BPF_PROG_TEST_RUN with a context (<c>struct __sk_buff</c> for tc programs) going in.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ProgTestRunContextAttr
{
    public uint ProgFd;
    public uint Retval;
    public uint DataSizeIn;
    public uint DataSizeOut;
    public ulong DataIn;
    public ulong DataOut;
    public uint Repeat;
    public uint Duration;
    public uint ContextSizeIn;
    public uint ContextSizeOut;
    public ulong ContextIn;
    public ulong ContextOut;
}

/// <summary>The head of <c>struct bpf_map_info</c>, filled by BPF_OBJ_GET_INFO_BY_FD.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MapInfo
{
    public uint Type;
    public uint Id;
    public uint KeySize;
    public uint ValueSize;
    public uint MaxEntries;
    public uint MapFlags;
    public fixed byte Name[BpfNames.ObjectNameLength];
}

/// <summary>The head of <c>struct bpf_link_info</c> with its tcx member, filled by BPF_OBJ_GET_INFO_BY_FD.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LinkInfo
{
    public uint Type;
    public uint Id;
    public uint ProgId;
    public uint Padding;
    public uint TcxIfIndex;
    public uint TcxAttachType;
}

/// <summary>The head of <c>struct bpf_prog_info</c>, filled by BPF_OBJ_GET_INFO_BY_FD.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ProgInfo
{
    public uint Type;
    public uint Id;
}

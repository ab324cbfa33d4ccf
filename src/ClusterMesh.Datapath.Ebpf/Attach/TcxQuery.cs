using System.Runtime.InteropServices;
using ClusterMesh.Datapath.Ebpf.Native;

namespace ClusterMesh.Datapath.Ebpf.Attach;

/// <summary>BPF_PROG_QUERY for tcx: which programs run on an interface (diagnostics and tests).</summary>
internal static unsafe class TcxQuery
{
    /// <summary>The ids of the programs attached to <paramref name="ifIndex"/> in the calling thread's netns.</summary>
    public static uint[] ProgramIds(int ifIndex, AttachDirection direction)
    {
        var ids = new uint[64];
        fixed (uint* idPointer = ids)
        {
            var attr = new ProgQueryAttr
            {
                TargetIfIndex = (uint)ifIndex,
                AttachType = direction == AttachDirection.Ingress ? TcxAttacher.TcxIngress : TcxAttacher.TcxEgress,
                ProgIds = (ulong)idPointer,
                ProgCount = (uint)ids.Length,
            };
            BpfSyscall.Invoke(BpfCommand.ProgQuery, ref attr, $"ifindex {ifIndex}");
            return ids[..(int)attr.ProgCount];
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ProgQueryAttr
    {
        public uint TargetIfIndex;
        public uint AttachType;
        public uint QueryFlags;
        public uint AttachFlags;
        public ulong ProgIds;
        public uint ProgCount;
    }
}

using System.Runtime.InteropServices;
using System.Text;

namespace ClusterMesh.Datapath.Ebpf.Tests.Privileged;

/// <summary>
/// The smallest tc program, loaded with a bare bpf(BPF_PROG_LOAD) for the tests only (the package's real loader
/// belongs elsewhere): <c>r0 = 0 (TC_ACT_OK); exit</c>.
/// </summary>
internal sealed partial class TestBpfProgram : IDisposable
{
    private const long SysBpf = 321;
    private const long BpfProgLoad = 5;
    private const uint ProgTypeSchedCls = 3;

    private TestBpfProgram(int fd) => FileDescriptor = fd;

    public int FileDescriptor { get; private set; }

    public static unsafe TestBpfProgram LoadPassAll(string name = "cm_test_ok")
    {
        ulong[] instructions = [0x0000_0000_0000_00b7UL, 0x0000_0000_0000_0095UL]; // mov64 r0, 0; exit
        var license = "GPL\0"u8.ToArray();
        var attr = new byte[64]; // prog_type .. prog_name; fields after it stay absent
        fixed (ulong* insns = instructions)
        fixed (byte* lic = license)
        fixed (byte* pointer = attr)
        {
            MemoryMarshal.Write(attr.AsSpan(0), ProgTypeSchedCls);
            MemoryMarshal.Write(attr.AsSpan(4), (uint)instructions.Length);
            MemoryMarshal.Write(attr.AsSpan(8), (ulong)insns);
            MemoryMarshal.Write(attr.AsSpan(16), (ulong)lic);
            Encoding.ASCII.GetBytes(name[..Math.Min(name.Length, 15)]).CopyTo(attr.AsSpan(48));
            var fd = syscall(SysBpf, BpfProgLoad, (nint)pointer, attr.Length);
            return fd >= 0 ? new TestBpfProgram((int)fd) : throw new InvalidOperationException($"BPF_PROG_LOAD failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public void Dispose()
    {
        if (FileDescriptor >= 0)
        {
            _ = close(FileDescriptor);
            FileDescriptor = -1;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long command, nint attr, long size);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}

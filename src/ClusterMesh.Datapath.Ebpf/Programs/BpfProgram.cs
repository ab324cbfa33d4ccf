using System.Text;
using ClusterMesh.Datapath.Ebpf.Maps;
using ClusterMesh.Datapath.Ebpf.Native;
using ClusterMesh.Datapath.Ebpf.Specs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Datapath.Ebpf.Programs;

/// <summary>A program loaded into the kernel: verified, with its map references bound to live maps.</summary>
public sealed unsafe class BpfProgram : IDisposable
{
    private const int InitialLogSize = 1 << 20;
    private const int MaxLogSize = 1 << 28;
    private const uint TcxIngress = 46;
    private const uint TcxEgress = 47;

    private BpfProgram(ProgramSpec spec, BpfFileDescriptor handle)
    {
        Spec = spec;
        Handle = handle;
        var info = default(ProgInfo);
        BpfSyscall.GetInfo(handle, ref info, spec.Name);
        Id = info.Id;
    }

    /// <summary>The spec the program was loaded from.</summary>
    public ProgramSpec Spec { get; }

    /// <summary>sizeof(struct __sk_buff) on current kernels.</summary>
    private const int SkBuffSize = 192;

    /// <summary>The program's name.</summary>
    public string Name => Spec.Name;

    /// <summary>The kernel's id of the program (stable while it is loaded; shown by <c>bpftool prog</c>).</summary>
    public uint Id { get; }

    /// <summary>The program's file descriptor (for attaching, including through netlink).</summary>
    public BpfFileDescriptor Handle { get; }

    /// <summary>
    /// Loads <paramref name="spec"/>, binding each of its map relocations to the map of that name in
    /// <paramref name="maps"/>. A program the verifier rejects is loaded again with the verifier log on, and
    /// the log is reported in a <see cref="BpfVerifierException"/>.
    /// </summary>
    /// <exception cref="BpfVerifierException">The verifier rejected the program.</exception>
    /// <exception cref="BpfException">A map is missing, or the kernel refused otherwise.</exception>
    public static BpfProgram Load(ProgramSpec spec, IReadOnlyDictionary<string, BpfMap> maps, ILogger? logger = null)
        => Load(spec, maps, logger, InitialLogSize);

    /// <summary><see cref="Load(ProgramSpec, IReadOnlyDictionary{string, BpfMap}, ILogger?)"/> with the first log buffer's size.</summary>
    internal static BpfProgram Load(ProgramSpec spec, IReadOnlyDictionary<string, BpfMap> maps, ILogger? logger, int initialLogSize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(maps);
        var code = BpfInstructions.Relocate(spec, name => maps.TryGetValue(name, out var map)
            ? (map.Spec, map.Handle.Value)
            : throw new BpfException($"program {spec.Name} references map {name}, which is not loaded"));

        var fd = TryLoad(spec, code, logLevel: 0, log: [], out var errno);
        if (fd < 0 && errno != Errno.EPERM)
        {
            fd = LoadWithLog(spec, code, initialLogSize, out errno);
        }

        if (fd < 0)
        {
            throw new BpfException(BpfCommand.ProgLoad, errno, spec.Name);
        }

        GC.KeepAlive(maps);
        EbpfLog.LoadedProgram(logger ?? NullLogger.Instance, spec.Name, code.Length / BpfInstructions.Size);
        return new BpfProgram(spec, new BpfFileDescriptor(fd));
    }

    /// <summary>
    /// Runs the program once on <paramref name="packet"/> (BPF_PROG_TEST_RUN, an Ethernet frame of at least
    /// 14 bytes for tc programs) and returns its return code. Map writes it makes are real.
    /// </summary>
    public uint TestRun(ReadOnlySpan<byte> packet)
    {
        fixed (byte* data = packet)
        {
            var attr = new ProgTestRunAttr { ProgFd = (uint)Handle.Value, DataIn = (ulong)data, DataSizeIn = (uint)packet.Length, Repeat = 1 };
            BpfSyscall.Invoke(BpfCommand.ProgTestRun, ref attr, Name);
            return attr.Retval;
        }
    }

    /// <summary>
    /// Runs a tc program once on <paramref name="packet"/> as if it arrived on <paramref name="ifIndex"/> (in the
    /// calling thread's network namespace): the test skb's device and <c>ingress_ifindex</c> are that interface,
    /// so helpers like <c>bpf_fib_lookup</c> see the namespace's tables. Returns the program's return code.
    /// </summary>
    internal uint TestRun(ReadOnlySpan<byte> packet, int ifIndex)
    {
        // struct __sk_buff: ingress_ifindex at offset 36, ifindex at 40; the kernel accepts only a few fields set.
        Span<byte> context = stackalloc byte[SkBuffSize];
        context.Clear();
        BitConverter.TryWriteBytes(context[36..], (uint)ifIndex);
        BitConverter.TryWriteBytes(context[40..], (uint)ifIndex);
        fixed (byte* data = packet)
        fixed (byte* skb = context)
        {
            var attr = new ProgTestRunContextAttr
            {
                ProgFd = (uint)Handle.Value,
                DataIn = (ulong)data,
                DataSizeIn = (uint)packet.Length,
                Repeat = 1,
                ContextIn = (ulong)skb,
                ContextSizeIn = SkBuffSize,
            };
            BpfSyscall.Invoke(BpfCommand.ProgTestRun, ref attr, Name);
            return attr.Retval;
        }
    }

    /// <summary>Closes the descriptor; an attached program stays loaded while its link holds it.</summary>
    public void Dispose() => Handle.Dispose();

    /// <summary>E.g. <c>from_container (SchedCls, id 42)</c>.</summary>
    public override string ToString() => $"{Name} ({Spec.Type}, id {Id})";

    /// <summary>libbpf's convention: <c>tcx/ingress</c> and <c>tcx/egress</c> sections declare their attach type.</summary>
    internal static uint ExpectedAttachType(ProgramSpec spec) => spec.SectionName switch
    {
        "tcx/ingress" => TcxIngress,
        "tcx/egress" => TcxEgress,
        _ => 0,
    };

    private static int LoadWithLog(ProgramSpec spec, byte[] code, int initialLogSize, out int errno)
    {
        // The kernel answers ENOSPC when the log did not fit: retry with a bigger buffer to get all of it.
        for (var size = initialLogSize; ; size *= 4)
        {
            var log = new byte[size];
            var fd = TryLoad(spec, code, logLevel: 1, log, out errno);
            if (fd >= 0 || (errno == Errno.ENOSPC && size < MaxLogSize))
            {
                if (fd >= 0)
                {
                    return fd;
                }

                continue;
            }

            var end = Array.IndexOf(log, (byte)0);
            var text = Encoding.UTF8.GetString(log, 0, end < 0 ? log.Length : end);
            return string.IsNullOrWhiteSpace(text) ? -1 : throw new BpfVerifierException(spec.Name, errno, text);
        }
    }

    private static int TryLoad(ProgramSpec spec, byte[] code, uint logLevel, byte[] log, out int errno)
    {
        var license = Encoding.UTF8.GetBytes(spec.License + "\0");
        fixed (byte* insns = code, licensePointer = license, logPointer = log)
        {
            var attr = new ProgLoadAttr
            {
                ProgType = (uint)spec.Type,
                InsnCount = (uint)(code.Length / BpfInstructions.Size),
                Insns = (ulong)insns,
                License = (ulong)licensePointer,
                LogLevel = logLevel,
                LogSize = (uint)log.Length,
                LogBuf = log.Length == 0 ? 0 : (ulong)logPointer,
                ExpectedAttachType = ExpectedAttachType(spec),
            };
            BpfNames.Write(spec.Name, new Span<byte>(attr.ProgName, BpfNames.ObjectNameLength));
            return BpfSyscall.TryInvoke(BpfCommand.ProgLoad, ref attr, out errno);
        }
    }
}

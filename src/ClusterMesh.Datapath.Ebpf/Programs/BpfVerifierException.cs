using ClusterMesh.Datapath.Ebpf.Native;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>The kernel's verifier rejected a program; the message carries the program name and the verifier log.</summary>
public sealed class BpfVerifierException : BpfException
{
    // A verifier log can run to megabytes; the message keeps its end, where the verdict is.
    private const int MessageLogLimit = 32 * 1024;

    /// <summary>Creates the exception for <paramref name="programName"/> with the kernel's log.</summary>
    public BpfVerifierException(string programName, int errno, string verifierLog)
        : base(BpfCommand.ProgLoad, errno, programName, Describe(programName, errno, verifierLog))
    {
        ProgramName = programName;
        VerifierLog = verifierLog;
    }

    /// <summary>The rejected program's name.</summary>
    public string ProgramName { get; }

    /// <summary>The verifier's whole log (log level 1).</summary>
    public string VerifierLog { get; }

    private static string Describe(string programName, int errno, string log)
    {
        var shown = log.Length <= MessageLogLimit ? log : "...\n" + log[^MessageLogLimit..];
        return $"program {programName}: the verifier rejected it ({Native.Errno.Name(errno)}):\n{shown.TrimEnd()}";
    }
}

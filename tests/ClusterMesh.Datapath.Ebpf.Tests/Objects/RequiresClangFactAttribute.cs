using ClusterMesh.Testing.Support;

namespace ClusterMesh.Datapath.Ebpf.Tests.Objects;

/// <summary>
/// A fact that needs clang and the libbpf headers. Outside CI it is skipped, with a one-line reason, when they are
/// missing; under <c>CI=true</c> it always runs, so a missing toolchain fails instead of silently skipping.
/// (A <see cref="FactAttribute"/> subclass rather than an assembly-wide test framework, so other fixtures of this
/// project can add their own without colliding.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresClangFactAttribute : FactAttribute
{
    /// <summary>The header every BPF source includes; Debian package libbpf-dev.</summary>
    public const string LibbpfHeader = "/usr/include/bpf/bpf_helpers.h";

    public RequiresClangFactAttribute()
    {
        Skip = CiRequirement.SkipReason(MissingReason);
    }

    /// <summary>Why the toolchain is unusable, or null when clang and the headers are present.</summary>
    public static string? MissingReason =>
        FindOnPath("clang") is null ? "clang is not installed (apt-get install clang libbpf-dev)"
        : !File.Exists(LibbpfHeader) ? $"{LibbpfHeader} is missing (apt-get install libbpf-dev)"
        : null;

    public static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
}

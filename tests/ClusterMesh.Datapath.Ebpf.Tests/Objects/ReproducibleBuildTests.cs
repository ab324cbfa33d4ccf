using System.Diagnostics;
using ClusterMesh.Testing.Support;

namespace ClusterMesh.Datapath.Ebpf.Tests.Objects;

/// <summary>
/// The checked-in objects are exactly what eng/build-bpf.sh makes of the checked-in sources: rebuilt into a temp
/// folder and compared byte for byte (the script keeps paths out of the debug info, so no section needs stripping).
/// </summary>
public sealed class ReproducibleBuildTests
{
    [RequiresClangFact]
    public void Checked_in_objects_equal_a_fresh_build_of_the_sources()
    {
        Assert.Null(RequiresClangFactAttribute.MissingReason); // under CI=true a missing toolchain fails here
        using var temp = new TempDirectory();
        var build = Run("bash", Path.Combine(RepoPaths.Root, "eng", "build-bpf.sh"), temp.Path);
        Assert.True(build.ExitCode == 0, $"eng/build-bpf.sh failed:\n{build.Output}");

        foreach (var folder in TestObjects.SourceFolders)
        {
            var sources = Directory.GetFiles(Path.Combine(RepoPaths.Root, folder), "*.c");
            Assert.NotEmpty(sources);
            foreach (var source in sources)
            {
                var name = Path.GetFileNameWithoutExtension(source) + ".o";
                var checkedIn = Path.Combine(RepoPaths.Root, folder, "prebuilt", name);
                var rebuilt = Path.Combine(temp.Path, folder, "prebuilt", name);
                Assert.True(File.Exists(checkedIn), $"{checkedIn} is not checked in: run eng/build-bpf.sh");
                Assert.True(
                    File.ReadAllBytes(checkedIn).AsSpan().SequenceEqual(File.ReadAllBytes(rebuilt)),
                    $"{folder}/prebuilt/{name} differs from a fresh build of {Path.GetFileName(source)} ({ClangVersion()}): run eng/build-bpf.sh and commit the result");
            }
        }
    }

    private static string ClangVersion() => Run("clang", "--version").Output.Split('\n')[0];

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }
}

using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace ClusterMesh.Datapath.Ebpf.Tests.Support;

/// <summary>
/// A network namespace for one test (<c>ip netns add</c>, deleted with everything in it on dispose), and a way to
/// run code inside it: a dedicated thread that enters it with setns(2), leaving the test runner's threads alone.
/// </summary>
public sealed class TestNetns : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    public TestNetns()
    {
        Name = $"cmt-{Guid.NewGuid():N}"[..16];
        Ip("netns", "add", Name);
    }

    public string Name { get; }

    /// <summary>Runs <c>ip -n NAME args...</c> and fails the test when it fails.</summary>
    public string IpIn(params string[] args) => Ip(["-n", Name, .. args]);

    /// <summary>Runs <paramref name="action"/> on a thread inside this namespace and returns its result.</summary>
    public T Run<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            // Any failure is handed back to the caller: an exception escaping a thread would end the test run.
            try
            {
                using var original = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/var/run/netns/{Name}");
                Enter(target);
                try
                {
                    result = action();
                }
                finally
                {
                    Enter(original);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException($"failed inside netns {Name}", failure);
    }

    /// <summary>The interface index of <paramref name="device"/> inside this namespace.</summary>
    /// <remarks>Not from /sys/class/net: sysfs shows the namespace it was mounted in, not the thread's.</remarks>
    public int IfIndex(string device)
    {
        var line = Ip("-n", Name, "-o", "link", "show", "dev", device);
        return int.Parse(line[..line.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => Ip("netns", "delete", Name);

    private static void Enter(SafeFileHandle handle)
    {
        if (LibC.setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed: errno {LibC.errno}");
        }
    }

    private static string Ip(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {error.Trim()}");
        }

        return output;
    }
}

using System.Diagnostics;
using ClusterMesh.Datapath.Ebpf.Namespaces;
using ClusterMesh.Datapath.Ebpf.Netlink;

namespace ClusterMesh.Datapath.Ebpf.Tests.Privileged;

/// <summary>
/// Namespaces for one test, named with a per-run unique prefix (short enough to prefix device names too) and all
/// deleted on dispose, also when the test failed. Devices live only inside these namespaces, so deleting the
/// namespaces removes them.
/// </summary>
internal sealed class NamespaceSandbox : IDisposable
{
    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly List<RouteNetlink> _connections = [];

    /// <summary>A short unique prefix, for example <c>t3fa9c</c>: "t" plus 5 random hex characters.</summary>
    public string Prefix { get; } = "t" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5];

    /// <summary>Creates <c>{Prefix}-{suffix}</c>.</summary>
    public NetworkNamespace Create(string suffix)
    {
        var ns = NetworkNamespace.Create($"{Prefix}-{suffix}");
        _namespaces.Add(ns);
        return ns;
    }

    /// <summary>A netlink connection inside <paramref name="ns"/>, closed with the sandbox.</summary>
    public RouteNetlink Netlink(NetworkNamespace ns)
    {
        var connection = ns.OpenNetlink();
        _connections.Add(connection);
        return connection;
    }

    /// <summary>A device name under the prefix (at most 15 bytes).</summary>
    public string Device(string suffix) => $"{Prefix}{suffix}";

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        foreach (var ns in _namespaces)
        {
            ns.Dispose();
            NetworkNamespace.Delete(ns.Name);
        }
    }

    /// <summary>Runs a command (ip, tc, ping) and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>Runs a command that must succeed and returns its output.</summary>
    public static string Output(string file, params string[] arguments)
    {
        var (code, output) = Run(file, arguments);
        return code == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {code}: {output}");
    }
}

using ClusterMesh.Agent.Cli;

namespace ClusterMesh.Agent.Tests;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(AgentServices? services, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AgentCli.RunAsync(args, output, error, services);
        return (code, output.ToString(), error.ToString());
    }
}

using System.CommandLine;

namespace ClusterMesh.Agent.Cli;

/// <summary>The <c>clustermesh-agent</c> command line.</summary>
internal static class AgentCli
{
    /// <summary>Exit code for bad input (unknown options, unusable manifests or config).</summary>
    public const int BadInput = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, AgentServices? services = null)
    {
        services ??= AgentServices.Default;
        var root = new RootCommand("ClusterMesh reference agent: joins Kubernetes clusters into one mesh on Cilium's wire format.")
        {
            DemoCommand.Create(output, error, services),
            StatusCommands.Create("status", "Connects to every remote cluster of a clustermesh config directory and prints its status.", output, error, services),
            StatusCommands.Create("troubleshoot", "Like status, with the failure details of every remote cluster.", output, error, services),
            PolicyCommand.Create(output, error),
            ServiceCommand.Create(output, error),
            RunCommand.Create(error, services),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            return BadInput;
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.CommandResult.Command.Name == RunCommand.Name)
        {
            // The agent's host stops itself cleanly on SIGTERM and Ctrl-C (and then exits 0), so the parser must
            // not turn those signals into exit codes 143 and 130 of its own.
            invocation.ProcessTerminationTimeout = null;
        }

        return await parsed.InvokeAsync(invocation);
    }

    /// <summary>The <c>-o</c> option shared by the commands.</summary>
    public static Option<string> OutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: text or json.",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }
}

using System.CommandLine;
using ClusterMesh.Agent.Demo;
using ClusterMesh.Agent.Output;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Agent.Cli;

/// <summary><c>demo</c>: the Star Wars mesh in one process.</summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error, AgentServices services)
    {
        var manifests = ManifestsInput.Option();
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Also log the warnings of the agents (the outage step provokes many on purpose).",
        };
        var format = AgentCli.OutputOption();
        var command = new Command("demo", "Runs the Star Wars mesh in one process and checks every step.") { manifests, verbose, format };
        command.SetAction(async (parse, cancellationToken) =>
            await ManifestsInput.RunAsync(parse.GetValue(manifests), error, async directory =>
            {
                var json = parse.GetValue(format) == "json";
                var progress = json ? TextWriter.Null : output;

                // The outage step makes every agent warn about the lost store; that is the point, not news.
                using var quiet = parse.GetValue(verbose) ? null : AgentServices.ConsoleLoggers(LogLevel.Error);
                var report = await new StarWarsDemo(directory, quiet ?? services.Loggers, progress).RunAsync(cancellationToken);
                if (json)
                {
                    await output.WriteLineAsync(CliJson.Serialize(report));
                }
                else
                {
                    await output.WriteLineAsync(report.Passed
                        ? $"demo passed: {report.Steps.Count} steps held"
                        : $"demo FAILED at step {report.Steps.First(s => !s.Passed).Name}");
                }

                if (!report.Passed)
                {
                    await error.WriteLineAsync($"demo failed at step '{report.Steps.First(s => !s.Passed).Name}'");
                }

                return report.Passed ? 0 : 1;
            }));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using ClusterMesh.Agent.Output;
using ClusterMesh.Agent.PolicyTrace;
using ClusterMesh.Kubernetes.Manifests;

namespace ClusterMesh.Agent.Cli;

/// <summary><c>policy trace</c>: decides one flow between two pods of a manifests directory and says why.</summary>
internal static class PolicyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var manifests = ManifestsInput.Option();
        var source = new Option<string>("--src") { Description = "Source pod as CLUSTER/NAMESPACE/POD.", Required = true };
        var destination = new Option<string>("--dst") { Description = "Destination pod as CLUSTER/NAMESPACE/POD.", Required = true };
        var port = new Option<string>("--dport") { Description = "Destination port as PORT/PROTO (e.g. 80/TCP).", Required = true };
        var format = AgentCli.OutputOption();
        var trace = new Command("trace", "Decides a flow: the egress decision at the source, the ingress decision at the destination, and the deciding rules.")
        {
            manifests, source, destination, port, format,
        };
        trace.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryParsePort(parse.GetRequiredValue(port), out var number, out var protocol, out var portProblem))
            {
                await error.WriteLineAsync($"--dport: {portProblem}");
                return AgentCli.BadInput;
            }

            return await ManifestsInput.RunAsync(parse.GetValue(manifests), error, async directory =>
            {
                var world = ManifestPolicyWorld.Load(ManifestDirectory.LoadMesh(directory));
                foreach (var rejected in world.Rejected)
                {
                    await error.WriteLineAsync($"warning: policy rejected: {rejected.Message}");
                }

                var src = parse.GetRequiredValue(source);
                var dst = parse.GetRequiredValue(destination);
                foreach (var (option, name) in new[] { ("--src", src), ("--dst", dst) })
                {
                    if (!world.TryFind(name, out _))
                    {
                        await error.WriteLineAsync($"{option}: no pod '{name}' with an address (expected CLUSTER/NAMESPACE/POD)");
                        return AgentCli.BadInput;
                    }
                }

                world.TryFind(src, out var from);
                world.TryFind(dst, out var to);
                var verdict = world.Decide(from, to, number, ManifestPolicyWorld.ProtocolOf(protocol));
                var report = TraceReport.From(verdict, src, dst, number, protocol);
                await output.WriteLineAsync(parse.GetValue(format) == "json" ? CliJson.Serialize(report) : Render(report));
                return 0;
            });
        });
        return new Command("policy", "Network policy tools.") { trace };
    }

    private static bool TryParsePort(string text, out int port, out string protocol, out string problem)
    {
        var parts = text.Split('/');
        port = 0;
        protocol = parts.Length == 2 ? parts[1].ToUpperInvariant() : "TCP";
        problem = string.Empty;
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            problem = $"'{text}' is not PORT/PROTO with a port between 1 and 65535";
            return false;
        }

        if (protocol is not ("TCP" or "UDP" or "SCTP"))
        {
            problem = $"unknown protocol '{parts[1]}' (TCP, UDP or SCTP)";
            return false;
        }

        return true;
    }

    private static string Render(TraceReport report) =>
        $"{report.Verdict}  {report.Source} -> {report.Destination} {report.Port}/{report.Protocol}\n" +
        $"  egress:  {report.Egress.Verdict} ({report.Egress.Reason}) {report.Egress.Explanation}\n" +
        $"  ingress: {report.Ingress.Verdict} ({report.Ingress.Reason}) {report.Ingress.Explanation}";
}

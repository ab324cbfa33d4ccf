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
        var checkReference = new Option<bool>("--check-reference")
        {
            Description = "Also decide the flow with the naive reference evaluator; a disagreement is an error (exit 1).",
        };
        var trace = new Command("trace", "Decides a flow with the policy engine: the egress decision at the source, the ingress decision at the destination, the deciding rules and policy-map entries.")
        {
            manifests, source, destination, port, format, checkReference,
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
                var l4 = ManifestPolicyWorld.ProtocolOf(protocol);
                var decided = world.Trace(from, to, number, l4);
                var report = TraceReport.From(decided, src, dst, number, protocol);
                IReadOnlyList<string> mismatches = [];
                if (parse.GetValue(checkReference))
                {
                    mismatches = ReferenceCheck.Mismatches(decided.Verdict, world.Reference(from, to, number, l4));
                    report = report with { ReferenceAgrees = mismatches.Count == 0 };
                }

                await output.WriteLineAsync(parse.GetValue(format) == "json" ? CliJson.Serialize(report) : Render(report));
                foreach (var mismatch in mismatches)
                {
                    await error.WriteLineAsync($"error: policy engine and reference evaluator disagree on {src} -> {dst} {number}/{protocol}: {mismatch}");
                }

                return mismatches.Count == 0 ? 0 : 1;
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
        $"           entry: {EntryText(report.EgressEntry)}\n" +
        $"  ingress: {report.Ingress.Verdict} ({report.Ingress.Reason}) {report.Ingress.Explanation}\n" +
        $"           entry: {EntryText(report.IngressEntry)}" +
        (report.ReferenceAgrees is { } agrees ? $"\n  reference: {(agrees ? "agrees" : "DISAGREES")}" : string.Empty);

    private static string EntryText(MapEntryReport? entry) => entry?.Text ?? "none (no entry matches: default deny)";
}

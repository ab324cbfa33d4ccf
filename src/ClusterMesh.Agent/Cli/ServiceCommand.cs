using System.CommandLine;
using System.Text;
using ClusterMesh.Agent.GlobalServices;
using ClusterMesh.Agent.Output;
using ClusterMesh.Kubernetes.Manifests;

namespace ClusterMesh.Agent.Cli;

/// <summary><c>service list</c>: the merged services of one cluster of a manifests directory.</summary>
internal static class ServiceCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var manifests = ManifestsInput.Option();
        var cluster = new Option<string>("--cluster") { Description = "The cluster whose merged services to list.", Required = true };
        var format = AgentCli.OutputOption();
        var list = new Command("list", "Lists the merged services of a cluster: each backend with its cluster, health and whether it is selected, and the MCS-API ServiceImport derived from the clusters' ServiceExports.")
        {
            manifests, cluster, format,
        };
        list.SetAction(async (parse, cancellationToken) =>
        {
            return await ManifestsInput.RunAsync(parse.GetValue(manifests), error, async directory =>
            {
                var name = parse.GetRequiredValue(cluster);
                var mesh = ManifestDirectory.LoadMesh(directory);
                var merged = ManifestServices.Merge(mesh, name);
                var report = ServiceListReport.From(name, merged, ManifestServiceExports.Resolve(mesh));
                await output.WriteLineAsync(parse.GetValue(format) == "json" ? CliJson.Serialize(report) : Render(report));
                return 0;
            });
        });
        return new Command("service", "Global service tools.") { list };
    }

    private static string Render(ServiceListReport report)
    {
        var text = new StringBuilder();
        foreach (var service in report.Services)
        {
            text.AppendLine($"{service.Namespace}/{service.Name} ({(service.Global ? "global" : "local")}, affinity {service.Affinity})");
            foreach (var frontend in service.Frontends)
            {
                text.AppendLine($"  frontend {frontend.Ip}:{frontend.Port}/{frontend.Protocol}");
            }

            foreach (var backend in service.Backends)
            {
                text.AppendLine($"  backend  {backend.Ip}:{backend.Port}/{backend.Protocol}  cluster={backend.Cluster}  healthy={backend.Healthy}  selected={backend.Selected}");
            }

            foreach (var conflict in service.Conflicts)
            {
                text.AppendLine($"  conflict {conflict}");
            }

            if (service.ServiceImport is { } import)
            {
                text.AppendLine($"  import   {import.Name} ({import.Type}, ports {string.Join(", ", import.Ports.Select(p => $"{p.Port}/{p.Protocol}"))})  clusters={string.Join(",", import.Clusters)}  oldest={import.WinningCluster}");
                foreach (var condition in import.Conditions)
                {
                    text.AppendLine($"  import   condition {condition.Type}: {condition.Message}");
                }
            }
        }

        return text.ToString().TrimEnd();
    }
}

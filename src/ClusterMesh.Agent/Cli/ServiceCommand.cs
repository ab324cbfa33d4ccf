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
        var list = new Command("list", "Lists the merged services of a cluster: each backend with its cluster, health and whether it is selected.")
        {
            manifests, cluster, format,
        };
        list.SetAction(async (parse, cancellationToken) =>
        {
            return await ManifestsInput.RunAsync(parse.GetValue(manifests), error, async directory =>
            {
                var name = parse.GetRequiredValue(cluster);
                var merged = ManifestServices.Merge(ManifestDirectory.LoadMesh(directory), name);
                var report = ServiceListReport.From(name, merged);
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
        }

        return text.ToString().TrimEnd();
    }
}

using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Hosting;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Replication.Hosting;
using ClusterMesh.Replication.Mesh;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The usual home of Add* extensions, so they show up wherever services are configured.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a ClusterMesh node agent.</summary>
public static class ClusterMeshServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="ClusterMeshNode"/> run by the host, with options validated when the host starts.
    /// Choose the backends on the returned builder: a kvstore (<c>UseMemoryKvStore</c>, ...) that provides the
    /// local <see cref="IKvStore"/> and the <see cref="IKvStoreFactory"/> for remote clusters, and a datapath
    /// (<c>UseSimulationDatapath</c>, ...) that provides the <see cref="IDatapath"/>.
    /// </summary>
    public static IClusterMeshBuilder AddClusterMesh(this IServiceCollection services, Action<ClusterMeshNodeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ClusterMeshNodeOptions>()
            .Configure(configure)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterMeshNodeOptions>, ClusterMeshNodeOptionsValidator>();
        services.AddSingleton(provider => new ClusterMeshNode(
            provider.GetRequiredService<IOptions<ClusterMeshNodeOptions>>().Value,
            provider.GetRequiredService<IKvStore>(),
            provider.GetRequiredService<IKvStoreFactory>(),
            provider.GetRequiredService<IDatapath>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetServices<IStoreObserver<ClusterService>>(),
            provider.GetServices<IStoreObserver<ServiceExport>>()));
        services.AddSingleton<IHostedService, ClusterMeshNodeService>();
        return new ClusterMeshBuilder(services);
    }

    /// <summary>Reports every problem of the options, each naming its setting.</summary>
    private sealed class ClusterMeshNodeOptionsValidator : IValidateOptions<ClusterMeshNodeOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClusterMeshNodeOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

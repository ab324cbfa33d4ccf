using System.Globalization;
using System.Text;
using ClusterMesh.Abstractions.Replication;

namespace ClusterMesh.Replication.Remote;

/// <summary>The state of one mirrored kind of a remote cluster.</summary>
/// <param name="Name">The kind (<c>nodes</c>, <c>services</c>, <c>identities</c>, <c>endpoints</c>).</param>
/// <param name="Synced">Whether its listing completed.</param>
/// <param name="Count">The number of valid keys mirrored.</param>
/// <param name="Rejections">Rejected values per reason.</param>
/// <param name="WaitingForCanary">Whether it waits for the remote writer's synced canary (or, for a cluster that
/// writes none, for its configuration) before listing.</param>
public sealed record RemoteKindStatus(string Name, bool Synced, int Count, IReadOnlyDictionary<RejectReason, long> Rejections, bool WaitingForCanary);

/// <summary>A snapshot of one remote cluster for <c>status</c> and <c>troubleshoot</c> output.</summary>
public sealed record RemoteClusterStatus
{
    /// <summary>The remote cluster's name.</summary>
    public required string Name { get; init; }

    /// <summary>The kvstore it is read from.</summary>
    public string Store { get; init; } = string.Empty;

    /// <summary>Whether the kvstore answered and the watches run.</summary>
    public bool Connected { get; init; }

    /// <summary>Connected, configuration valid and every kind synced.</summary>
    public bool Ready { get; init; }

    /// <summary>Whether the configuration is required (always: remote clusters must publish it).</summary>
    public bool ConfigRequired { get; init; } = true;

    /// <summary>Whether the configuration was read and accepted.</summary>
    public bool ConfigRetrieved { get; init; }

    /// <summary>The remote cluster's ID, once its configuration was accepted.</summary>
    public int? ClusterId { get; init; }

    /// <summary>Whether the remote writes synced canaries (readers then wait for them).</summary>
    public bool SyncedCanaries { get; init; }

    /// <summary>The mirrored kinds.</summary>
    public IReadOnlyList<RemoteKindStatus> Kinds { get; init; } = [];

    /// <summary>Failed connection attempts and watch outages.</summary>
    public long NumFailures { get; init; }

    /// <summary>When the last failure happened.</summary>
    public DateTimeOffset? LastFailure { get; init; }

    /// <summary>What the last failure was.</summary>
    public string? LastFailureMessage { get; init; }

    /// <summary>Rejected values of every kind, per reason.</summary>
    public IReadOnlyDictionary<RejectReason, long> Rejections { get; init; } = new Dictionary<RejectReason, long>();

    /// <summary>Whether the remote heartbeat is overdue.</summary>
    public bool HeartbeatFault { get; init; }

    /// <summary>When the last heartbeat was seen.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>Whether the kind <paramref name="kind"/> is synced.</summary>
    public bool IsSynced(string kind) => Kinds.Any(k => k.Name == kind && k.Synced);

    /// <summary>The number of keys of <paramref name="kind"/>.</summary>
    public int CountOf(string kind) => Kinds.FirstOrDefault(k => k.Name == kind)?.Count ?? 0;

    /// <summary>One line for <c>status</c> output, in the spirit of <c>cilium status --all-clusters</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Name}: {(Ready ? "ready" : "not ready")}, ");
        text.Append(Connected ? "connected" : "disconnected");
        text.Append(CultureInfo.InvariantCulture, $", cluster-id {(ClusterId?.ToString(CultureInfo.InvariantCulture) ?? "?")}");
        foreach (var kind in Kinds)
        {
            text.Append(CultureInfo.InvariantCulture, $", {kind.Count} {kind.Name}{(kind.Synced ? string.Empty : " (not synced)")}{(kind.WaitingForCanary ? " (waiting for its synced canary)" : string.Empty)}");
        }

        text.Append(CultureInfo.InvariantCulture, $", {NumFailures} failures");
        if (LastFailure is { } at)
        {
            text.Append(CultureInfo.InvariantCulture, $" (last {at:O}: {LastFailureMessage})");
        }

        if (Rejections.Count > 0)
        {
            text.Append(", rejected ").AppendJoin(' ', Rejections.Select(r => $"{r.Key}={r.Value}"));
        }

        if (HeartbeatFault)
        {
            text.Append(CultureInfo.InvariantCulture, $", heartbeat missing (last {LastHeartbeat?.ToString("O", CultureInfo.InvariantCulture) ?? "never"})");
        }

        return text.ToString();
    }
}

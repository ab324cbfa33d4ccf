using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Replication.Common;

namespace ClusterMesh.Replication.Publishing;

/// <summary>
/// Waits until a kvstore holds every key of a set (written by other writers: the other node agents of the
/// cluster), by listing and watching one prefix. Used by the cluster-state publisher of a node-split cluster to
/// write the synced canaries only once the whole cluster's share is in the store.
/// </summary>
internal static class ClusterCompletion
{
    public static async Task WaitForKeysAsync(IKvStore store, string prefix, IReadOnlySet<string> expected, BackoffOptions backoff,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (expected.Count == 0)
        {
            return;
        }

        var retry = new RetryBackoff(backoff, time);
        while (true)
        {
            var missing = new HashSet<string>(expected, StringComparer.Ordinal);
            try
            {
                await foreach (var change in store.WatchAsync(prefix, 0, cancellationToken).ConfigureAwait(false))
                {
                    if (change.Kind == KvEventKind.Upsert)
                    {
                        missing.Remove(change.Key);
                    }
                    else if (change.Kind == KvEventKind.Delete && expected.Contains(change.Key))
                    {
                        missing.Add(change.Key);
                    }

                    // Checked on every event: the last missing key may arrive during the listing or live.
                    if (missing.Count == 0)
                    {
                        return;
                    }
                }
            }
            catch (KvStoreException)
            {
                // An outage or compaction: list again from scratch after a pause.
            }

            await retry.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

using ClusterMesh.Benchmarks.Data;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;

namespace ClusterMesh.Benchmarks.Etcd;

/// <summary>Loads key/value pairs into etcd the fast way: transactions of 128 puts, a few in flight.</summary>
internal static class EtcdBulkLoader
{
    private const int PutsPerTransaction = 128;
    private const int InFlight = 4;

    public static async Task LoadAsync(EtcdClient client, IEnumerable<KvPair> pairs)
    {
        var batches = pairs.Chunk(PutsPerTransaction);
        using var slots = new SemaphoreSlim(InFlight);
        var running = new List<Task>();
        foreach (var batch in batches)
        {
            await slots.WaitAsync();
            var txn = new TxnRequest();
            foreach (var (key, value) in batch)
            {
                txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFrom(value) } });
            }

            running.Add(Task.Run(async () =>
            {
                try
                {
                    await client.TransactionAsync(txn);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        await Task.WhenAll(running);
    }
}

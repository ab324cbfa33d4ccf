using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd.Client;
using Etcdserverpb;

namespace ClusterMesh.Kvstore.Etcd.Tests.Client;

/// <summary>Compares a page with the generated RangeResponse read from the same bytes, field by field.</summary>
internal static class RangePageAssert
{
    public static void Same(RangeResponse expected, EtcdRangePage page)
    {
        Assert.Equal(expected.Header?.Revision ?? 0, page.Revision);
        Assert.Equal(expected.More, page.More);
        Assert.Equal(expected.Count, page.Count);
        Assert.Equal(expected.Kvs.Count, page.KeyCount);
        for (int i = 0; i < page.KeyCount; i++)
        {
            var kv = expected.Kvs[i];
            Assert.Equal(kv.Key.ToByteArray(), page.KeyBytes(i).ToArray());
            Assert.Equal(kv.Key.ToStringUtf8(), page.Key(i));
            Assert.Equal(kv.Value.ToByteArray(), page.Value(i).ToArray());
            Assert.Equal(
                (kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease),
                (page[i].CreateRevision, page[i].ModRevision, page[i].Version, page[i].Lease));

            var entry = page.ToEntry(i);
            Assert.Equal((kv.Key.ToStringUtf8(), kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease), (entry.Key, entry.CreateRevision, entry.ModRevision, entry.Version, entry.Lease.Value));
            Assert.Equal(kv.Value.ToByteArray(), entry.Value.ToArray());
            var upsert = page.ToUpsert(i);
            Assert.Equal((KvEventKind.Upsert, kv.Key.ToStringUtf8(), kv.ModRevision), (upsert.Kind, upsert.Key, upsert.Revision));
            Assert.Equal(kv.Value.ToByteArray(), upsert.Value.ToArray());
        }
    }
}

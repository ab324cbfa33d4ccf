using System.Buffers;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// etcd's unary <c>/etcdserverpb.KV/Range</c> with the response read as an <see cref="EtcdRangePage"/> instead of
/// the generated <c>RangeResponse</c>: same wire protocol, a few byte chunks per page instead of objects per key.
/// Used for the paged reads that list whole prefixes; every other call stays on dotnet-etcd.
/// </summary>
internal static class EtcdRangeMethod
{
    /// <summary>The Range method read by <see cref="EtcdRangePageReader"/> straight from gRPC's buffer.</summary>
    public static Method<RangeRequest, EtcdRangePage> Range { get; } = Build(ReadPayload);

    /// <summary>The Range method read into lent pages (<see cref="EtcdRangePage.Lend"/>): the response is copied
    /// once, whole, into a buffer from the shared array pool and read there.</summary>
    public static Method<RangeRequest, EtcdRangePage> LentRange { get; } = Build(ReadPayloadLent);

    /// <summary>The Range method with the response's bytes, copied, read by <paramref name="read"/> (tests corrupt
    /// the bytes here).</summary>
    public static Method<RangeRequest, EtcdRangePage> Create(Func<byte[], EtcdRangePage> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Build(context =>
        {
            var payload = new byte[context.PayloadLength];
            context.PayloadAsReadOnlySequence().CopyTo(payload);
            return read(payload);
        });
    }

    private static Method<RangeRequest, EtcdRangePage> Build(Func<DeserializationContext, EtcdRangePage> deserialize)
    {
        var request = Marshallers.Create<RangeRequest>(WriteRequest, context => throw new NotSupportedException("a client never reads a RangeRequest"));
        var response = Marshallers.Create(
            (EtcdRangePage _, SerializationContext _) => throw new NotSupportedException("a client never writes a RangeResponse"),
            deserialize);
        return new Method<RangeRequest, EtcdRangePage>(MethodType.Unary, "etcdserverpb.KV", "Range", request, response);
    }

    /// <summary>Calls Range on <paramref name="invoker"/> with <paramref name="headers"/> (the auth token).</summary>
    public static async Task<EtcdRangePage> CallAsync(CallInvoker invoker, Method<RangeRequest, EtcdRangePage> method, RangeRequest request, Metadata? headers, CancellationToken cancellationToken)
    {
        using var call = invoker.AsyncUnaryCall(method, null, new CallOptions(headers, cancellationToken: cancellationToken), request);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    private static void WriteRequest(RangeRequest request, SerializationContext context)
    {
        context.SetPayloadLength(request.CalculateSize());
        request.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    private static EtcdRangePage ReadPayloadLent(DeserializationContext context)
    {
        var rented = ArrayPool<byte>.Shared.Rent(context.PayloadLength);
        context.PayloadAsReadOnlySequence().CopyTo(rented);
        return EtcdRangePageReader.ReadLent(rented, context.PayloadLength);
    }

    // gRPC's buffer is pooled and valid only during this call; the page copies what it keeps (EtcdRangePage.Pack).
    private static EtcdRangePage ReadPayload(DeserializationContext context)
    {
        var payload = context.PayloadAsReadOnlySequence();
        if (payload.IsSingleSegment)
        {
            return EtcdRangePageReader.Read(payload.FirstSpan);
        }

        var contiguous = ArrayPool<byte>.Shared.Rent(context.PayloadLength);
        try
        {
            payload.CopyTo(contiguous);
            return EtcdRangePageReader.Read(contiguous.AsSpan(0, context.PayloadLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(contiguous);
        }
    }
}

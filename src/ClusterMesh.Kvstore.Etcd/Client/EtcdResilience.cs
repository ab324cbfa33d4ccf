using Grpc.Core;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ClusterMesh.Kvstore.Etcd.Client;

/// <summary>
/// The resilience pipelines of one store: every call gets a timeout; idempotent reads are retried after
/// connection failures and timeouts with exponential backoff and jitter; writes are retried only when etcd
/// certainly did not apply them (an expired auth token), never blindly.
/// </summary>
internal sealed class EtcdResilience
{
    public EtcdResilience(EtcdKvStoreOptions options, Action onInvalidToken, TimeProvider timeProvider)
    {
        var timeout = new TimeoutStrategyOptions { Timeout = options.OperationTimeout };
        Reads = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.ReadRetries + 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetryRead(args.Outcome.Exception, onInvalidToken, args.AttemptNumber, options.ReadRetries)),
            })
            .AddTimeout(timeout)
            .Build();
        Writes = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetryWrite(args.Outcome.Exception, onInvalidToken)),
            })
            .AddTimeout(timeout)
            .Build();
    }

    /// <summary>Timeout plus retry with exponential backoff and jitter.</summary>
    public ResiliencePipeline Reads { get; }

    /// <summary>Timeout; one retry only after a rejected auth token.</summary>
    public ResiliencePipeline Writes { get; }

    private static bool ShouldRetryRead(Exception? ex, Action onInvalidToken, int attempt, int retries)
    {
        if (ex is RpcException rpc && EtcdErrors.IsInvalidToken(rpc))
        {
            onInvalidToken();
            return true;
        }

        return attempt < retries && ex is not null && EtcdErrors.IsTransient(ex);
    }

    private static bool ShouldRetryWrite(Exception? ex, Action onInvalidToken)
    {
        if (ex is RpcException rpc && EtcdErrors.IsInvalidToken(rpc))
        {
            onInvalidToken();
            return true;
        }

        return false;
    }
}

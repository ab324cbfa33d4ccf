namespace ClusterMesh.Replication.Common;

/// <summary>
/// An auto-reset wake-up for one consumer loop: <see cref="Set"/> any number of times, and the next
/// <see cref="WaitAsync"/> completes once. A set before the wait is remembered, so no wake-up is lost.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly object _lock = new();
    private TaskCompletionSource? _waiter;
    private bool _isSet;

    /// <summary>Wakes the consumer.</summary>
    public void Set()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            waiter = _waiter;
            _waiter = null;
            _isSet = waiter is null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>Completes when <see cref="Set"/> has been called since the last wait completed.</summary>
    public Task WaitAsync()
    {
        lock (_lock)
        {
            if (_isSet)
            {
                _isSet = false;
                return Task.CompletedTask;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }
}

using System.Diagnostics;
using ModelServing.Core.Runtime;
using ModelServing.Core.Telemetry;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    /// <summary>One caller's request: its own completion source, queue links and the state of its chunks.</summary>
    /// <remarks>
    /// Queue fields (<see cref="Group"/>, links, <see cref="NextChunk"/>, <see cref="Cancelled"/>) change only under the
    /// batcher's lock. Derives from the completion source to save an allocation per request.
    /// </remarks>
    private sealed class Request : TaskCompletionSource<IReadOnlyDictionary<string, TensorData>>
    {
        public Request(DynamicBatcher batcher, IReadOnlyDictionary<string, TensorData> inputs, long rows, int groupHash, long deadline)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            Batcher = batcher;
            Inputs = inputs;
            Rows = rows;
            GroupHash = groupHash;
            Deadline = deadline;
            ChunkCount = checked((int)(((rows - 1) / batcher._maxBatchSize) + 1));
            PendingChunks = ChunkCount;
            ChunkOutputs = ChunkCount > 1 ? new IReadOnlyDictionary<string, TensorData>[ChunkCount] : null;
            if (ServingTelemetry.Source.HasListeners())
            {
                Parent = Activity.Current?.Context ?? default;
            }
        }

        /// <summary>The caller's span, for the queue-wait and inference spans; default when nobody traces.</summary>
        public ActivityContext Parent { get; }

        public DynamicBatcher Batcher { get; }

        public IReadOnlyDictionary<string, TensorData> Inputs { get; }

        public long Rows { get; }

        public int GroupHash { get; }

        /// <summary>UTC ticks after which the request must not start; <see cref="long.MaxValue"/> for none.</summary>
        public long Deadline { get; }

        /// <summary>Parts of at most MaxBatchSize rows; more than one only for requests larger than a batch.</summary>
        public int ChunkCount { get; }

        /// <summary>Chunk outputs by index, for requests of more than one chunk.</summary>
        public IReadOnlyDictionary<string, TensorData>?[]? ChunkOutputs { get; }

        /// <summary>Chunks whose outputs have not arrived (decremented with <see cref="Interlocked"/>).</summary>
        public int PendingChunks;

        public int NextChunk;

        public long Sequence;

        public long EnqueuedAt;

        public bool Cancelled;

        public Group? Group;

        public Request? Previous;

        public Request? Next;

        public CancellationTokenRegistration Registration;

        /// <summary>Rows of the next chunk to dispatch.</summary>
        public int NextChunkRows => (int)Math.Min(Batcher._maxBatchSize, Rows - ((long)NextChunk * Batcher._maxBatchSize));

        public void Complete(IReadOnlyDictionary<string, TensorData> outputs)
        {
            TrySetResult(outputs);
            Registration.Unregister();
        }

        public void Fail(Exception exception)
        {
            TrySetException(exception);
            Registration.Unregister();
        }
    }

    /// <summary>Queued requests that may share a batch, oldest first (an intrusive list; changed only under the lock).</summary>
    private sealed class Group
    {
        public int Hash;

        public Request? Head;

        public Request? Tail;

        public int Count;

        public void Append(Request request)
        {
            request.Group = this;
            request.Previous = Tail;
            request.Next = null;
            if (Tail is null)
            {
                Head = request;
            }
            else
            {
                Tail.Next = request;
            }

            Tail = request;
            Count++;
        }

        public void Remove(Request request)
        {
            if (request.Previous is null)
            {
                Head = request.Next;
            }
            else
            {
                request.Previous.Next = request.Next;
            }

            if (request.Next is null)
            {
                Tail = request.Previous;
            }
            else
            {
                request.Next.Previous = request.Previous;
            }

            request.Group = null;
            request.Previous = null;
            request.Next = null;
            Count--;
        }
    }

    /// <summary>A chunk of a request inside a batch: rows <c>[Start, Start + Rows)</c> of the request.</summary>
    private readonly record struct Segment(Request Request, int Chunk, long Start, int Rows);

    /// <summary>One model execution's requests and scratch space; pooled by the batcher, and its own executor work item.</summary>
    private sealed class Batch(DynamicBatcher owner) : IExecutionWork
    {
        public DynamicBatcher Owner { get; } = owner;

        public List<Segment> Segments { get; } = [];

        public List<KeyValuePair<string, TensorData>> Outputs { get; } = [];

        public RowRange[] Ranges { get; set; } = [];

        public int Rows { get; set; }

        /// <summary>Stops the execution once every request of the batch has gone; reset before the batch is reused.</summary>
        public CancellationTokenSource Abandoned { get; private set; } = new();

        /// <summary>True when no request of the batch is still waiting for it. Caller holds the batcher's lock.</summary>
        public bool EveryRequestGone()
        {
            foreach (var segment in Segments)
            {
                if (!segment.Request.Cancelled)
                {
                    return false;
                }
            }

            return true;
        }

        public void Execute() => Owner.Execute(this);

        public void Clear()
        {
            Segments.Clear();
            Outputs.Clear();
            Array.Clear(Ranges);
            Rows = 0;
            if (!Abandoned.TryReset())
            {
                Abandoned.Dispose();
                Abandoned = new CancellationTokenSource();
            }
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ModelServing.Batch;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.BatchCli;

/// <summary>
/// <c>modelserving-batch limit</c>: the in-process limit a file-list job is measured against (scripts/bench-batch.sh).
/// </summary>
/// <remarks>
/// Loads the model exactly as a job does (<see cref="BatchServingHost"/>: same session options and threads), holds the
/// listed files in memory, and has <c>--workers</c> threads each take the next <c>--batch-size</c> files and run the serving
/// function on them: decode, preprocess, ONNX Runtime <c>Run</c>, postprocess; no engine, batcher, JSON or output files.
/// One pass over the files warms up (JIT, runtime arena), a second is timed.
/// </remarks>
internal static class LimitCommand
{
    public static Command Create()
    {
        var repository = new Option<string>("--model-repository") { Description = "The model repository.", DefaultValueFactory = _ => "models" };
        var model = new Option<string>("--model") { Description = "The model, whose one input takes the files' bytes (an image model).", Required = true };
        var input = new Option<string>("--input") { Description = "A file list as a file-list job reads it (one local path per line).", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Files per run, as the job's --batch-size.", DefaultValueFactory = _ => 64 };
        var workers = new Option<int>("--workers") { Description = "Threads, as the job's --workers.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var threads = new Option<int?>("--intra-op-threads") { Description = "As the job's --intra-op-threads (default: cores / workers, at least 1)." };
        var command = new Command("limit", "Measure the in-process limit of a file-list job: decode + preprocess + Run over the same files, threads and session options.")
        {
            repository, model, input, batchSize, workers, threads,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var (size, count) = (result.GetValue(batchSize), result.GetValue(workers));
            var intraOpThreads = result.GetValue(threads) ?? BatchServingHost.IntraOpThreadsFor(count);
            if (size < 1 || count < 1 || intraOpThreads < 1)
            {
                await Console.Error.WriteLineAsync("error: --batch-size, --workers and --intra-op-threads must be at least 1").ConfigureAwait(false);
                return 2;
            }

            var files = File.ReadLines(result.GetValue(input)!).Where(l => l.Trim().Length > 0).Select(l => File.ReadAllBytes(l.Trim())).ToArray();
            try
            {
                await using var host = await BatchServingHost.StartAsync(result.GetValue(repository)!, result.GetValue(model)!, intraOpThreads, cancellationToken).ConfigureAwait(false);
                using var lease = host.Inference.Acquire(result.GetValue(model)!, VersionSelector.Latest);
                if (lease.Signature.Inputs is not [{ DataType: TensorDataType.String } only])
                {
                    await Console.Error.WriteLineAsync("error: the model must have one byte-string input").ConfigureAwait(false);
                    return 2;
                }

                Pass(lease, only.Name, files, size, count, cancellationToken);
                var seconds = Pass(lease, only.Name, files, size, count, cancellationToken);
                Console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"items\":{files.Length},\"seconds\":{seconds:F3},\"perSecond\":{files.Length / seconds:F1},\"batchSize\":{size},\"workers\":{count},\"intraOpThreads\":{intraOpThreads}}}"));
                return 0;
            }
            catch (BatchJobException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Runs every file once on <paramref name="workers"/> threads; returns the wall-clock seconds.</summary>
    private static double Pass(ModelServing.Core.Repository.VersionLease lease, string inputName, byte[][] files, int batchSize, int workers, CancellationToken cancellationToken)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            for (var batch = Interlocked.Increment(ref next); batch * batchSize < files.Length; batch = Interlocked.Increment(ref next))
            {
                var start = batch * batchSize;
                var images = files[start..Math.Min(files.Length, start + batchSize)];
                var context = new ServingContext();
                var inputs = lease.Pipeline.PrepareInputs(new Dictionary<string, TensorData> { [inputName] = TensorData.FromBytes(images, images.Length) }, context);
                var outputs = lease.Runner.RunAsync(inputs, null, cancellationToken).AsTask().GetAwaiter().GetResult();
                lease.Pipeline.FinishOutputs(outputs, context);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return clock.Elapsed.TotalSeconds;
    }
}

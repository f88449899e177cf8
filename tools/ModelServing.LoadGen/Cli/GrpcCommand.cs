using System.CommandLine;
using ModelServing.LoadGen.Grpc;
using ModelServing.LoadGen.Http;
using ModelServing.LoadGen.Reporting;

namespace ModelServing.LoadGen.Cli;

/// <summary>The <c>grpc</c> command: closed-loop load over gRPC against a running server.</summary>
internal static class GrpcCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "The gRPC address, e.g. http://127.0.0.1:8500 (cleartext HTTP/2).", Required = true };
        var call = new Option<string>("--call") { Description = "tf-predict (tensorflow.serving.PredictionService/Predict) or v2-infer (inference.GRPCInferenceService/ModelInfer).", Required = true };
        var body = CommonOptions.RequiredPath("--body", "File holding the request in protobuf's JSON mapping (PredictRequest or ModelInferRequest; bytes as base64), serialized once.");
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Workers, each with its own HTTP/2 channel (default 1).", DefaultValueFactory = _ => 1 };
        var duration = CommonOptions.Seconds("--duration", 10, "Measured window");
        var warmup = CommonOptions.Seconds("--warmup", 1, "Load before the window, not measured; 0 for none");
        var timeout = CommonOptions.Seconds("--timeout", 30, "Per-call deadline");
        var serverPid = new Option<int?>("--server-pid") { Description = "The server's process id: report its CPU use, GCs and allocated bytes in the window." };
        var items = new Option<int?>("--items") { Description = "Items per request (default: dimension 0 of the first input)." };
        var labels = CommonOptions.Labels();
        var json = CommonOptions.Json();
        var command = new Command("grpc", "Closed loop over gRPC: N workers, each making its next unary call when the previous one is answered.")
        {
            target, call, body, concurrency, duration, warmup, timeout, serverPid, items, labels, json,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var address = new Uri(result.GetValue(target)!, UriKind.Absolute);
            if (!address.IsLoopback)
            {
                throw new ArgumentException("--target must be a loopback address: this tool only loads the local machine.");
            }

            var request = GrpcRequestFile.Load(result.GetValue(call)!, result.GetValue(body)!, result.GetValue(items));
            var settings = new LoadSettings(
                new Uri(address, request.Method),
                request.Body,
                CommonOptions.ToSpan(result.GetValue(duration), "--duration"),
                result.GetValue(warmup) is var w && w == 0 ? TimeSpan.Zero : CommonOptions.ToSpan(w, "--warmup"),
                CommonOptions.ToSpan(result.GetValue(timeout), "--timeout"),
                result.GetValue(serverPid),
                CommonOptions.ParseLabels(result.GetValue(labels)));
            var report = await GrpcClosedLoop.RunAsync(settings, request.Method, result.GetValue(concurrency), cancellationToken).ConfigureAwait(false);
            ReportWriter.Write(report, result.GetValue(json));
        }));
        return command;
    }
}

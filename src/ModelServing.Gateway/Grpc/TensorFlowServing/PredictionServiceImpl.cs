using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Gateway.Hosting;
using ModelServing.Gateway.Telemetry;
using ModelServing.Protocols.Grpc.TensorFlowServing;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Grpc.TensorFlowServing;

/// <summary>
/// TF Serving's <c>tensorflow.serving.PredictionService</c>: Predict on the one inference path, GetModelMetadata from the
/// data plane as the REST metadata route; Classify, Regress and MultiInference answer UNIMPLEMENTED.
/// </summary>
/// <remarks>Thread-safe; one instance per call, as gRPC services are scoped. Errors leave through <see cref="GrpcErrors"/>.</remarks>
internal sealed class PredictionServiceImpl(InferencePath path, InferenceService dataPlane, IOptions<RequestSizeLimits> limits)
    : PredictionService.PredictionServiceBase
{
    private const string PredictOnly =
        "is not implemented: the models served here have one predict signature (serving_default), and tf.Example inputs are not read; use Predict";

    public override async Task<PredictResponse> Predict(PredictRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var deadline = path.Start(context.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(context.Deadline, TimeSpan.Zero));
        var call = new PredictCall(request);
        try
        {
            var target = ModelSpecs.Target(request.ModelSpec);
            var http = context.GetHttpContext();
            await path.RunAsync(call, new GrpcPredictAdapter(limits.Value), target, deadline, lease => RequestTelemetryFeature.Served(http, lease), context.CancellationToken);
        }
        catch (ServingException ex)
        {
            throw GrpcErrors.ToRpcException(ex, context);
        }

        return call.Response!;
    }

    [NotHeldAtStartup]
    public override Task<GetModelMetadataResponse> GetModelMetadata(GetModelMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var target = ModelSpecs.Target(request.ModelSpec);
            // TF Serving's checks and wording (get_model_metadata_impl.cc).
            if (request.MetadataField.Count == 0)
            {
                throw ServingException.Invalid("GetModelMetadataRequest must specify at least one metadata_field");
            }

            foreach (var field in request.MetadataField.Where(f => f != TensorFlowServingMessages.SignatureDefField))
            {
                throw ServingException.Invalid($"Metadata field {field} is not supported");
            }

            var metadata = dataPlane.GetMetadata(target.Name, target.Selector);
            var response = new GetModelMetadataResponse { ModelSpec = TensorFlowServingMessages.MetadataSpec(metadata) };
            response.Metadata[TensorFlowServingMessages.SignatureDefField] = Any.Pack(TensorFlowServingMessages.SignatureDefs(metadata.Signature));
            return Task.FromResult(response);
        }
        catch (ServingException ex)
        {
            throw GrpcErrors.ToRpcException(ex, context);
        }
    }

    public override Task<ClassificationResponse> Classify(ClassificationRequest request, ServerCallContext context) =>
        throw GrpcErrors.Unimplemented($"Classify {PredictOnly}");

    public override Task<RegressionResponse> Regress(RegressionRequest request, ServerCallContext context) =>
        throw GrpcErrors.Unimplemented($"Regress {PredictOnly}");

    public override Task<MultiInferenceResponse> MultiInference(MultiInferenceRequest request, ServerCallContext context) =>
        throw GrpcErrors.Unimplemented($"MultiInference {PredictOnly}");
}

using ModelServing.Gateway.Health;

namespace ModelServing.Gateway.OpenApi;

/// <summary>The documentation of each kind of route, with examples taken from the example models.</summary>
internal static class Docs
{
    public static readonly EndpointDoc Status = new(
        null,
        typeof(ModelStatusDocument),
        null,
        """{"model_version_status":[{"version":"1","state":"AVAILABLE","status":{"error_code":"OK","error_message":""}}]}""",
        [400, 404]);

    public static readonly EndpointDoc Metadata = new(
        null,
        typeof(ModelMetadataDocument),
        null,
        """
        {"model_spec":{"name":"loans","signature_name":"","version":"1"},"metadata":{"signature_def":{"signature_def":{"serving_default":{
        "inputs":{"income":{"dtype":"DT_FLOAT","tensor_shape":{"dim":[{"size":"-1","name":"batch"}],"unknown_rank":false},"name":"income"}},
        "outputs":{"approved":{"dtype":"DT_INT64","tensor_shape":{"dim":[{"size":"-1","name":"batch"}],"unknown_rank":false},"name":"approved"}},
        "method_name":"tensorflow/serving/predict","defaults":{}}}}}}
        """,
        [400, 404, 503]);

    public static readonly EndpointDoc Predict = new(
        typeof(PredictRequestDocument),
        typeof(PredictResponseDocument),
        """{"instances":[{"income":2000,"credit_cards":2,"age":45}]}""",
        """{"predictions":[{"approved":0,"probabilities":[0.5249792,0.47502083]}]}""",
        [400, 404, 413, 429, 500, 503, 504]);

    // ONNX models carry a predict signature only, so these routes answer 400 as TF Serving does for such a model.
    public static readonly EndpointDoc ClassifyRegress = new(
        typeof(PredictRequestDocument),
        typeof(PredictResponseDocument),
        """{"examples":[{"income":2000}]}""",
        """{"error":"Expected classification signature method_name to be tensorflow/serving/classify. Was: tensorflow/serving/predict"}""",
        [400, 404, 413, 503]);

    public static readonly EndpointDoc VertexHealth = new(null, typeof(HealthResponse), null, """{"status":"ready"}""", [503]);

    public static readonly EndpointDoc VertexPredict = new(
        typeof(VertexPredictRequestDocument),
        typeof(VertexPredictResponseDocument),
        """{"instances":[{"income":2000,"credit_cards":2,"age":45}],"parameters":{}}""",
        """{"predictions":[{"approved":0,"probabilities":[0.5249792,0.47502083]}]}""",
        [400, 404, 413, 503]);

    public static readonly EndpointDoc Liveness = new(null, typeof(HealthResponse), null, """{"status":"alive"}""", []);

    public static readonly EndpointDoc Readiness = new(null, typeof(HealthResponse), null, """{"status":"ready"}""", [503]);
}

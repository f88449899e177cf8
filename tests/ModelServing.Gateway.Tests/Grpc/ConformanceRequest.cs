using System.Globalization;
using System.Text;
using Google.Protobuf;
using Inference;
using Tensorflow;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Grpc;

/// <summary>One input of a conformance case: numbers, or one text value where the model wants numbers.</summary>
internal sealed record ConformanceInput(string Name, long[] Shape, float[]? Numbers = null, string? Text = null);

/// <summary>One request, written for TF Serving REST and gRPC and Open Inference v2 REST and gRPC.</summary>
/// <remarks>Numbers are FP32 / DT_FLOAT; a text value is BYTES / DT_STRING (a JSON string on REST).</remarks>
internal sealed record ConformanceRequest(string Model, IReadOnlyList<ConformanceInput> Inputs)
{
    /// <summary>The loans model's three inputs, one value per row.</summary>
    public static ConformanceRequest Loans(string model, float[] income, float[] cards, float[] age) => new(model, [
        new("income", [income.Length], income), new("credit_cards", [cards.Length], cards), new("age", [age.Length], age)]);

    public string TfRestPath => $"/v1/models/{Model}:predict";

    public string V2RestPath => $"/v2/models/{Model}/infer";

    /// <summary>TF Serving REST, columnar (<c>inputs</c>): each input a nested JSON array of its shape.</summary>
    public string TfRestBody() =>
        "{\"inputs\":{" + string.Join(',', Inputs.Select(i => $"\"{i.Name}\":{Nested(Values(i), i.Shape, 0, 0).Json}")) + "}}";

    /// <summary>Open Inference v2 REST: name, shape, datatype and flat data per input.</summary>
    public string V2RestBody() => "{\"inputs\":[" + string.Join(',', Inputs.Select(i =>
        $"{{\"name\":\"{i.Name}\",\"shape\":[{string.Join(',', i.Shape)}],\"datatype\":\"{(i.Text is null ? "FP32" : "BYTES")}\",\"data\":[{string.Join(',', Values(i))}]}}")) + "]}";

    /// <summary>TF Serving gRPC: <c>float_val</c> or <c>string_val</c> with the shape.</summary>
    public PredictRequest TfGrpc()
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = Model } };
        foreach (var input in Inputs)
        {
            var tensor = new TensorProto { Dtype = input.Text is null ? DataType.DtFloat : DataType.DtString, TensorShape = new TensorShapeProto() };
            tensor.TensorShape.Dim.Add(input.Shape.Select(s => new TensorShapeProto.Types.Dim { Size = s }));
            if (input.Text is null)
            {
                tensor.FloatVal.Add(input.Numbers!);
            }
            else
            {
                tensor.StringVal.Add(ByteString.CopyFromUtf8(input.Text));
            }

            request.Inputs.Add(input.Name, tensor);
        }

        return request;
    }

    /// <summary>Open Inference v2 gRPC, typed <c>contents</c>: FP32 or BYTES.</summary>
    public ModelInferRequest V2Grpc()
    {
        var request = new ModelInferRequest { ModelName = Model };
        foreach (var input in Inputs)
        {
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = input.Name, Datatype = input.Text is null ? "FP32" : "BYTES", Contents = new InferTensorContents() };
            tensor.Shape.Add(input.Shape);
            if (input.Text is null)
            {
                tensor.Contents.Fp32Contents.Add(input.Numbers!);
            }
            else
            {
                tensor.Contents.BytesContents.Add(ByteString.CopyFromUtf8(input.Text));
            }

            request.Inputs.Add(tensor);
        }

        return request;
    }

    private static string[] Values(ConformanceInput input) => input.Text is null
        ? [.. input.Numbers!.Select(v => v.ToString("R", CultureInfo.InvariantCulture))]
        : [$"\"{input.Text}\""];

    private static (string Json, int Next) Nested(string[] values, long[] shape, int dimension, int at)
    {
        if (dimension == shape.Length)
        {
            return (values[at], at + 1);
        }

        var text = new StringBuilder("[");
        for (var i = 0; i < shape[dimension]; i++)
        {
            var (json, next) = Nested(values, shape, dimension + 1, at);
            text.Append(i == 0 ? "" : ",").Append(json);
            at = next;
        }

        return (text.Append(']').ToString(), at);
    }
}

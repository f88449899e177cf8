using ModelServing.ModelGen.Onnx;

namespace ModelServing.ModelGen;

/// <summary>Small models that exercise the serving stack: every element type, strings, versions, fixed shapes, failures.</summary>
public static class TestModels
{
    /// <summary>The element types of <see cref="WriteIdentityAllTypes"/>, by the suffix of their input and output names.</summary>
    public static IReadOnlyDictionary<string, OnnxDataType> IdentityTypes { get; } = new Dictionary<string, OnnxDataType>
    {
        ["float"] = OnnxDataType.Float,
        ["double"] = OnnxDataType.Double,
        ["float16"] = OnnxDataType.Float16,
        ["bfloat16"] = OnnxDataType.BFloat16,
        ["int8"] = OnnxDataType.Int8,
        ["int16"] = OnnxDataType.Int16,
        ["int32"] = OnnxDataType.Int32,
        ["int64"] = OnnxDataType.Int64,
        ["uint8"] = OnnxDataType.UInt8,
        ["uint16"] = OnnxDataType.UInt16,
        ["uint32"] = OnnxDataType.UInt32,
        ["uint64"] = OnnxDataType.UInt64,
        ["bool"] = OnnxDataType.Bool,
        ["string"] = OnnxDataType.String,
    };

    /// <summary>For each type in <see cref="IdentityTypes"/>: input <c>x_&lt;type&gt;</c> [batch,2], output <c>y_&lt;type&gt;</c> = Identity.</summary>
    public static void WriteIdentityAllTypes(string path)
    {
        var nodes = IdentityTypes.Keys.Select(suffix => new OnnxNode("Identity", [$"x_{suffix}"], [$"y_{suffix}"])).ToArray();
        var inputs = IdentityTypes.Select(t => OnnxValueInfo.Tensor($"x_{t.Key}", t.Value, OnnxDimension.Batch, 2)).ToArray();
        var outputs = IdentityTypes.Select(t => OnnxValueInfo.Tensor($"y_{t.Key}", t.Value, OnnxDimension.Batch, 2)).ToArray();
        Save(path, "identity_all_types", nodes, [], inputs, outputs);
    }

    /// <summary>Input <c>text</c> string [batch]; outputs <c>text_bytes</c> and <c>text_copy</c>, both Identity of it.</summary>
    public static void WriteStringEcho(string path)
    {
        OnnxNode[] nodes = [new("Identity", ["text"], ["text_bytes"]), new("Identity", ["text"], ["text_copy"])];
        Save(
            path,
            "string_echo",
            nodes,
            [],
            [OnnxValueInfo.Tensor("text", OnnxDataType.String, OnnxDimension.Batch)],
            [
                OnnxValueInfo.Tensor("text_bytes", OnnxDataType.String, OnnxDimension.Batch),
                OnnxValueInfo.Tensor("text_copy", OnnxDataType.String, OnnxDimension.Batch),
            ]);
    }

    /// <summary>Input <c>x</c> float [batch,3]; output <c>y</c> = x + <paramref name="addend"/> (tells versions apart).</summary>
    public static void WriteAddConstant(string path, float addend) =>
        Save(
            path,
            "add_constant",
            [new("Add", ["x", "addend"], ["y"])],
            [OnnxTensor.Scalar("addend", addend)],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch, 3)],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, OnnxDimension.Batch, 3)]);

    /// <summary>
    /// <see cref="WriteAddConstant"/> with the addend kept as ONNX external data at <paramref name="location"/>, a path
    /// relative to the model file's directory as ONNX Runtime resolves it. The 4-byte data file is written there too when
    /// the location is relative (also one that leaves the directory, such as <c>../x</c>); an absolute location is only
    /// recorded in the model, never written.
    /// </summary>
    public static void WriteAddConstantExternal(string path, float addend, string location)
    {
        var addendTensor = OnnxTensor.Scalar("addend", addend) with { ExternalLocation = location };
        if (!Path.IsPathRooted(location))
        {
            var dataPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, location));
            Directory.CreateDirectory(Path.GetDirectoryName(dataPath)!);
            File.WriteAllBytes(dataPath, addendTensor.RawData.ToArray());
        }

        Save(
            path,
            "add_constant_external",
            [new("Add", ["x", "addend"], ["y"])],
            [addendTensor],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch, 3)],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, OnnxDimension.Batch, 3)]);
    }

    /// <summary>Input <c>x</c> float [2,2] without a batch dimension; output <c>y</c> = x * 2.</summary>
    public static void WriteFixedShape(string path) =>
        Save(
            path,
            "fixed_shape",
            [new("Mul", ["x", "two"], ["y"])],
            [OnnxTensor.Scalar("two", 2f)],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, 2, 2)],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, 2, 2)]);

    /// <summary>Input <c>x</c> float [batch]; output <c>items</c> is a sequence of tensors (not servable: loading fails).</summary>
    public static void WriteSequenceOutput(string path) =>
        Save(
            path,
            "sequence_output",
            [new("SequenceConstruct", ["x"], ["items"])],
            [],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch)],
            [new OnnxValueInfo("items", OnnxType.Sequence(OnnxType.Tensor(OnnxDataType.Float, OnnxDimension.Batch)))]);

    /// <summary>
    /// Inputs <c>x</c> float [batch] and <c>z</c> of <paramref name="unusedType"/> [batch], which no node reads; output
    /// <c>y</c> = Identity(x). With an element type the gateway cannot serve (complex64, float8, int4) loading must fail.
    /// </summary>
    public static void WriteUnusedInput(string path, OnnxDataType unusedType) =>
        Save(
            path,
            "unused_input",
            [new("Identity", ["x"], ["y"])],
            [],
            [
                OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch),
                OnnxValueInfo.Tensor("z", unusedType, OnnxDimension.Batch),
            ],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, OnnxDimension.Batch)]);

    /// <summary>
    /// Input <c>x</c> float [batch,1]; output <c>y</c> float [batch,1] = x * m, where m comes from <paramref name="steps"/>
    /// chained <paramref name="size"/> x <paramref name="size"/> matrix products built from the mean of x: slow on purpose,
    /// for inference timeouts. With x = 1 every product is 1 and y = x.
    /// </summary>
    /// <remarks>
    /// Each step is <c>M = (M @ M) / size</c>, so values stay finite. Everything depends on the input, so ONNX Runtime cannot
    /// fold it into a constant; it checks its terminate flag between the steps.
    /// </remarks>
    public static void WriteSlow(string path, int size = 1024, int steps = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var nodes = new List<OnnxNode>
        {
            new("ReduceMean", ["x"], ["mean"], [OnnxAttribute.Int("keepdims", 0)]),
            new("Expand", ["mean", "square"], ["m0"]),
        };
        AddSquaringChain(nodes, steps);
        Save(
            path,
            "slow",
            [.. nodes],
            [OnnxTensor.Int64s("square", [2], size, size), OnnxTensor.Scalar("scale", 1f / size)],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch, 1)],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, OnnxDimension.Batch, 1)]);
    }

    /// <summary>
    /// Input <c>x</c> float [batch,1]; output <c>y</c> float [batch,1]. Runs <paramref name="steps"/> chained k x k matrix
    /// products for k = max(x): quick for x = 1 (then y = x), seconds for x = 1024. A model whose runs pass an inference
    /// timeout on demand, for circuit breakers.
    /// </summary>
    /// <remarks>Each step is <c>M = (M @ M) / k</c> from <c>M = mean(x)</c>; large k overflows to infinity, which is no error.</remarks>
    public static void WriteSlowWhenAsked(string path, int steps = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var nodes = new List<OnnxNode>
        {
            new("ReduceMax", ["x"], ["k_float"], [OnnxAttribute.Int("keepdims", 0)]),
            new("Cast", ["k_float"], ["k"], [OnnxAttribute.Int("to", (long)OnnxDataType.Int64)]),
            new("Reshape", ["k", "one_dim"], ["k1"]),
            new("Concat", ["k1", "k1"], ["square"], [OnnxAttribute.Int("axis", 0)]),
            new("ReduceMean", ["x"], ["mean"], [OnnxAttribute.Int("keepdims", 0)]),
            new("Expand", ["mean", "square"], ["m0"]),
            new("Reciprocal", ["k_float"], ["scale"]),
        };
        AddSquaringChain(nodes, steps);
        Save(
            path,
            "slow_when_asked",
            [.. nodes],
            [OnnxTensor.Int64s("one_dim", [1], 1)],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch, 1)],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, OnnxDimension.Batch, 1)]);
    }

    /// <summary>
    /// Input <c>index</c> int64 [batch]; output <c>value</c> float [batch] = [10, 20, 30, 40][index]. An index outside -4..3
    /// makes ONNX Runtime refuse the run (Gather's bounds check, InvalidArgument): a model that refuses some values.
    /// </summary>
    public static void WriteLookup(string path) =>
        Save(
            path,
            "lookup",
            [new("Gather", ["table", "index"], ["value"], [OnnxAttribute.Int("axis", 0)])],
            [OnnxTensor.Floats("table", [4], 10f, 20f, 30f, 40f)],
            [OnnxValueInfo.Tensor("index", OnnxDataType.Int64, OnnxDimension.Batch)],
            [OnnxValueInfo.Tensor("value", OnnxDataType.Float, OnnxDimension.Batch)]);

    /// <summary>
    /// The work of the slow models: <paramref name="steps"/> times <c>m(i+1) = (m(i) @ m(i)) * scale</c> from <c>m0</c>, then
    /// <c>y = x * mean(m(steps))</c>.
    /// </summary>
    private static void AddSquaringChain(List<OnnxNode> nodes, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            nodes.Add(new("MatMul", [$"m{i}", $"m{i}"], [$"p{i}"]));
            nodes.Add(new("Mul", [$"p{i}", "scale"], [$"m{i + 1}"]));
        }

        nodes.Add(new("ReduceMean", [$"m{steps}"], ["r"], [OnnxAttribute.Int("keepdims", 0)]));
        nodes.Add(new("Mul", ["x", "r"], ["y"]));
    }

    private static void Save(
        string path,
        string name,
        OnnxNode[] nodes,
        OnnxTensor[] initializers,
        OnnxValueInfo[] inputs,
        OnnxValueInfo[] outputs) =>
        new OnnxModel(new OnnxGraph(name, nodes, initializers, inputs, outputs)).Save(path);
}

using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>A whole ONNX model file (<c>ModelProto</c>): one graph and the opset it is written against.</summary>
/// <param name="Graph">The graph.</param>
/// <param name="DocString">Free text describing the model.</param>
public sealed record OnnxModel(OnnxGraph Graph, string DocString = "")
{
    /// <summary>IR version 8 (ONNX 1.12), the one that goes with opset 17; ONNX Runtime 1.32 reads it.</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain opset every generated graph uses.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The <c>producer_name</c> written into every model.</summary>
    public const string ProducerName = "ModelServing.ModelGen";

    /// <summary>The serialized model.</summary>
    public byte[] ToByteArray()
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            WriteTo(output);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/>, creating the parent directory.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, ToByteArray());
    }

    // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6, graph = 7, opset_import = 8.
    // OperatorSetIdProto: domain = 1 (empty = the default ONNX domain, so omitted), version = 2.
    private void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.WriteInt64(output, 1, IrVersion);
        ProtoWriter.WriteString(output, 2, ProducerName);
        ProtoWriter.WriteString(output, 3, "1.0");
        if (DocString.Length > 0)
        {
            ProtoWriter.WriteString(output, 6, DocString);
        }

        ProtoWriter.WriteMessage(output, 7, Graph.WriteTo);
        ProtoWriter.WriteMessage(output, 8, opset => ProtoWriter.WriteInt64(opset, 2, OpsetVersion));
    }
}

using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

/// <summary>One input as the request header describes it, before its data is decoded.</summary>
/// <param name="Name">Input name.</param>
/// <param name="DataType">Element type.</param>
/// <param name="Shape">Shape the request declares.</param>
/// <param name="ElementCount">Product of <paramref name="Shape"/>.</param>
/// <param name="BinarySize">The <c>binary_data_size</c> parameter, or null when the data is in JSON.</param>
/// <param name="Base64">The <c>content_type: base64</c> parameter: BYTES strings are base64.</param>
/// <param name="DataStart">Offset of the JSON <c>data</c> value in the header, or -1.</param>
/// <param name="DataEnd">Offset just past the JSON <c>data</c> value.</param>
internal sealed partial record InputHeader(
    string Name, TensorDataType DataType, long[] Shape, long ElementCount, long? BinarySize, bool Base64, int DataStart, int DataEnd);

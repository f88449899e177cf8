using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

/// <summary>One test per error message of the reader, asserting the exact text a caller receives.</summary>
public class PredictRequestReaderErrorTests
{
    private static readonly ModelSignature _singleFloat = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, -1, 2));

    private static readonly ModelSignature _loans = JsonTestData.Inputs(
        new TensorSpec("income", TensorDataType.Float, -1),
        new TensorSpec("age", TensorDataType.Int32, -1));

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    public void Read_EmptyDocument_SaysTheDocumentIsEmpty(string json)
    {
        AssertInvalid("JSON Parse error: The document is empty", json, _singleFloat);
    }

    [Fact]
    public void Read_MalformedJson_SaysWhereTheDocumentIsInvalid()
    {
        AssertInvalid(
            "JSON Parse error: 'x' is an invalid start of a value. at offset: 25 (line 2, byte 10)",
            "{\"instances\": [\n  [1, 2, x]]}",
            _singleFloat);
    }

    [Fact]
    public void Read_TrailingContent_IsMalformed()
    {
        AssertInvalid(
            "JSON Parse error: '}' is invalid after a single JSON value. Expected end of data. at offset: 23 (line 1, byte 24)",
            """{"instances": [[1, 2]]}}""",
            _singleFloat);
    }

    [Fact]
    public void Read_MalformedJsonAfterAContentError_ReportsTheSyntaxErrorAsTensorFlowServingDoes()
    {
        AssertInvalid(
            "JSON Parse error: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. at offset: 36 (line 1, byte 37)",
            """{"instances": [["a", 2]], "other": [""",
            _singleFloat);
    }

    [Fact]
    public void Read_NestingDeeperThanMaxDepth_IsRejectedBeforeRecursing()
    {
        var json = "{\"instances\": " + new string('[', 100_000) + new string(']', 100_000) + "}";

        AssertInvalid(
            "JSON Parse error: The maximum configured depth of 64 has been exceeded. Cannot read next JSON array. at offset: 77 (line 1, byte 78)",
            json,
            _singleFloat);
    }

    [Fact]
    public void Read_NestingBeyondAConfiguredMaxDepth_IsRejected()
    {
        var exception = Assert.Throws<ServingException>(
            () => JsonTestData.Read("""{"instances": [[[1]]]}""", _singleFloat, new PredictRequestReaderOptions { MaxDepth = 3 }));

        Assert.StartsWith("JSON Parse error: The maximum configured depth of 3 has been exceeded.", exception.Message);
    }

    [Fact]
    public void Read_LiteralGluedToANumber_IsNotMadeValid()
    {
        AssertInvalid(
            "JSON Parse error: 'N' is an invalid end of a number. Expected a delimiter. at offset: 16 (line 1, byte 17)",
            """{"instances": [1NaN]}""",
            JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, -1)));
    }

    [Fact]
    public void Read_TopLevelNotAnObject_SaysIsNotObject()
    {
        AssertInvalid("JSON Value: [1, 2] Is not object", "[1, 2]", _singleFloat);
    }

    [Fact]
    public void Read_SignatureNameNotAString_SaysItMustBeAString()
    {
        AssertInvalid(
            "Not formatted correctly. 'signature_name' key must be a string value.",
            """{"instances": [["bad", 1]], "signature_name": 5}""",
            _singleFloat);
    }

    [Fact]
    public void Read_BothInstancesAndInputs_SaysOnlyOneIsExpected()
    {
        AssertInvalid(
            "Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist",
            """{"instances": [[1, 2]], "inputs": [[1, 2]]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_BothKeysAfterInvalidInstances_StillSaysOnlyOneIsExpected()
    {
        AssertInvalid(
            "Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist",
            """{"instances": 5, "inputs": [[1, 2]]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_NeitherInstancesNorInputs_SaysAKeyIsMissing()
    {
        AssertInvalid("Missing 'inputs' or 'instances' key", """{"signature_name": "serving_default"}""", _singleFloat);
    }

    [Fact]
    public void Read_InstancesNotAList_SaysItMustBeAList()
    {
        AssertInvalid("Excepting 'instances' to be an list/array", """{"instances": {"x": [1, 2]}}""", _singleFloat);
    }

    [Fact]
    public void Read_InstancesEmpty_SaysThereAreNoValues()
    {
        AssertInvalid("No values in 'instances' array", """{"instances": []}""", _singleFloat);
    }

    [Fact]
    public void Read_SignatureWithoutInputs_SaysThereIsNoInputMap()
    {
        AssertInvalid("Failed to get input map for signature: DEFAULT", """{"instances": [1]}""", JsonTestData.Inputs());
    }

    [Fact]
    public void Read_PlainInstancesForSeveralInputs_SaysObjectsAreExpected()
    {
        AssertInvalid(
            "instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map",
            """{"instances": [[2000, 45]]}""",
            _loans);
    }

    [Fact]
    public void Read_ListAfterObjectInstances_SaysAnObjectIsExpected()
    {
        AssertInvalid(
            "Expecting object but got list at item 1 of input list",
            """{"instances": [{"income": 1, "age": 2}, [1, 2]]}""",
            _loans);
    }

    [Fact]
    public void Read_ObjectAfterPlainInstances_SaysAValueIsExpected()
    {
        AssertInvalid(
            "Expecting value/list but got object at item 1 of input list",
            """{"instances": [[1, 2], {"x": [1, 2]}]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_InstanceWithUnknownKey_NamesTheElementAndKey()
    {
        AssertInvalid(
            "Failed to process element: 0 key: incme of 'instances' list. Error: INVALID_ARGUMENT: JSON object: does not have named input: incme",
            """{"instances": [{"incme": 1, "age": 2}]}""",
            _loans);
    }

    [Fact]
    public void Read_InstanceWithDuplicateKey_NamesTheElementAndKey()
    {
        AssertInvalid(
            "Failed to process element: 0 key: age of 'instances' list. Error: INVALID_ARGUMENT: JSON object: has duplicate named input: age",
            """{"instances": [{"income": 1, "age": 2, "age": 3}]}""",
            _loans);
    }

    [Fact]
    public void Read_InstanceWithMissingKey_NamesTheElementAndMissingKey()
    {
        AssertInvalid(
            """Failed to process element: 1 of 'instances' list. JSON object: {"age": 3} keys must be equal to: age,income (missing: income)""",
            """{"instances": [{"income": 1, "age": 2}, {"age": 3}]}""",
            _loans);
    }

    [Fact]
    public void Read_InstancesOfDifferentSizes_SaysTheExpectedSize()
    {
        AssertInvalid(
            "Failed to process element: 2 key: x of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 2 but got: 3",
            """{"instances": [[1, 2], [3, 4], [5, 6, 7]]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_InstancesOfDifferentShapes_SaysTheExpectedShape()
    {
        AssertInvalid(
            "Failed to process element: 1 key: x of 'instances' list. Error: INVALID_ARGUMENT: Expecting shape [2] but got: [1,2]",
            """{"instances": [[1, 2], [[3, 4]]]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_RaggedList_SaysTheListHasAnUnexpectedSize()
    {
        AssertInvalid(
            "Failed to process input: x of 'inputs'. Error: INVALID_ARGUMENT: Encountered list at unexpected size: 1 at level: 1 expected size: 2",
            """{"inputs": [[1, 2], [3]]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_ListDeeperThanTheFirstScalar_SaysTheListIsAtAnUnexpectedLevel()
    {
        AssertInvalid(
            "Failed to process input: x of 'inputs'. Error: INVALID_ARGUMENT: Encountered list at unexpected level: 1 expected < 1",
            """{"inputs": [1, [2]]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_ScalarShallowerThanTheFirstScalar_SaysItIsAtAnIncorrectLevel()
    {
        AssertInvalid(
            "Failed to process input: x of 'inputs'. Error: INVALID_ARGUMENT: JSON Value: 3 found at incorrect level: 2 in the JSON DOM. Expected at level: 2",
            """{"inputs": [[1, 2], 3]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_StringForFloat_NamesElementKeyValueAndType()
    {
        AssertInvalid(
            """Failed to process element: 0 key: income of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: "NaN" Type: String is not of expected type: float""",
            """{"instances": [{"income": "NaN", "age": 45}]}""",
            _loans);
    }

    [Theory]
    [InlineData(TensorDataType.Int32, "1.5", "JSON Value: 1.5 Type: Number is not of expected type: int32")]
    [InlineData(TensorDataType.Int32, "1e2", "JSON Value: 1e2 Type: Number is not of expected type: int32")]
    [InlineData(TensorDataType.Int32, "2147483648", "JSON Value: 2147483648 Type: Number is not of expected type: int32")]
    [InlineData(TensorDataType.Int8, "-129", "JSON Value: -129 Type: Number is not of expected type: int8")]
    [InlineData(TensorDataType.UInt8, "256", "JSON Value: 256 Type: Number is not of expected type: uint8")]
    [InlineData(TensorDataType.UInt16, "-1", "JSON Value: -1 Type: Number is not of expected type: uint16")]
    [InlineData(TensorDataType.UInt64, "-1", "JSON Value: -1 Type: Number is not of expected type: uint64")]
    [InlineData(TensorDataType.UInt64, "18446744073709551616", "JSON Value: 18446744073709551616 Type: Number is not of expected type: uint64")]
    [InlineData(TensorDataType.Int64, "NaN", "JSON Value: NaN Type: Number is not of expected type: int64")]
    [InlineData(TensorDataType.Int64, "-Infinity", "JSON Value: -Infinity Type: Number is not of expected type: int64")]
    [InlineData(TensorDataType.Bool, "1", "JSON Value: 1 Type: Number is not of expected type: bool")]
    [InlineData(TensorDataType.Float, "null", "JSON Value: null Type: Null is not of expected type: float")]
    [InlineData(TensorDataType.Float, "true", "JSON Value: true Type: True is not of expected type: float")]
    [InlineData(TensorDataType.Float16, "{\"a\": 1}", "JSON Value: {\"a\": 1} Type: Object is not of expected type: half")]
    [InlineData(TensorDataType.String, "false", "JSON Value: false Type: False is not of expected type: string")]
    [InlineData(TensorDataType.String, "NaN", "JSON Value: NaN Type: Number is not of expected type: string")]
    public void Read_ValueOfTheWrongType_NamesInputValueAndType(TensorDataType type, string value, string detail)
    {
        AssertInvalid(
            $"Failed to process input: v of 'inputs'. Error: INVALID_ARGUMENT: {detail}",
            $$$"""{"inputs": {"v": [{{{value}}}]}}""",
            JsonTestData.Inputs(new TensorSpec("v", type, -1)));
    }

    [Theory]
    [InlineData(TensorDataType.Float16, "70000", "half")]
    [InlineData(TensorDataType.BFloat16, "3.4e38", "bfloat16")]
    public void Read_NumberBeyondTheHalfType_SaysItCannotBeConvertedWithoutLoss(TensorDataType type, string value, string typeName)
    {
        AssertInvalid(
            $"Failed to process element: 0 key: v of 'instances' list. Error: INVALID_ARGUMENT: Cannot convert JSON value: {value} to {typeName} without loss of precision.",
            $$"""{"instances": [{{value}}]}""",
            JsonTestData.Inputs(new TensorSpec("v", type, -1)));
    }

    [Fact]
    public void Read_MalformedBase64Object_SaysItIsNotFormattedForBase64()
    {
        AssertInvalid(
            """Failed to process input: s of 'inputs'. Error: INVALID_ARGUMENT: JSON Value: {"b64": 5} not formatted correctly for base64 data""",
            """{"inputs": {"s": [{"b64": 5}], "t": 1}}""",
            JsonTestData.Inputs(new TensorSpec("s", TensorDataType.String, -1), new TensorSpec("t", TensorDataType.Int32)));
    }

    [Fact]
    public void Read_InvalidBase64_NamesElementAndKey()
    {
        AssertInvalid(
            "Failed to process element: 1 key: image_bytes of 'instances' list. Error: INVALID_ARGUMENT: Unable to base64 decode",
            """{"instances": [{"b64": "aGk="}, {"b64": "a*b="}]}""",
            JsonTestData.Inputs(new TensorSpec("image_bytes", TensorDataType.String, -1)));
    }

    [Fact]
    public void Read_UnpairedSurrogateEscape_IsMalformed()
    {
        AssertInvalid(
            "JSON Parse error: The surrogate pair in string is invalid. at offset: 15 (line 1, byte 16)",
            """{"instances": ["\ud800"]}""",
            JsonTestData.Inputs(new TensorSpec("s", TensorDataType.String, -1)));
    }

    [Fact]
    public void Read_PlainInputsForSeveralInputs_SaysAnObjectIsExpected()
    {
        AssertInvalid(
            "inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map",
            """{"inputs": [2000, 45]}""",
            _loans);
    }

    [Fact]
    public void Read_InputsObjectMissingAnInput_NamesIt()
    {
        AssertInvalid("Missing named input: age in 'inputs' object.", """{"inputs": {"income": [1]}}""", _loans);
    }

    [Fact]
    public void Read_InputsObjectWithUnknownInput_NamesIt()
    {
        AssertInvalid(
            "Unknown named input: extra,other in 'inputs' object.",
            """{"inputs": {"income": [1], "extra": 1, "age": [2], "other": {}}}""",
            _loans);
    }

    [Fact]
    public void Read_InputsObjectWithMisspeltInput_NamesMissingAndUnknown()
    {
        AssertInvalid(
            "Missing named input: age in 'inputs' object. Unknown named input: aeg in 'inputs' object.",
            """{"inputs": {"income": [1], "aeg": [2]}}""",
            _loans);
    }

    [Fact]
    public void Read_InputsObjectWithDuplicateInput_NamesIt()
    {
        AssertInvalid("Duplicate named input: age in 'inputs' object.", """{"inputs": {"age": [1], "income": [1], "age": [2]}}""", _loans);
    }

    [Fact]
    public void Read_TensorOfTheWrongRank_NamesInputAndBothShapes()
    {
        AssertInvalid(
            "Input: x has shape [2,4] but the model expects [-1,3]",
            """{"inputs": [[1, 2, 3, 4], [5, 6, 7, 8]]}""",
            JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, -1, 3)));
    }

    [Fact]
    public void Read_InstancesNotMatchingAFixedDimension_NamesInputAndBothShapes()
    {
        AssertInvalid(
            "Input: x has shape [2,3] but the model expects [1,3]",
            """{"instances": [[1, 2, 3], [4, 5, 6]]}""",
            JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, 1, 3)));
    }

    [Fact]
    public void Read_InstancesOfTheWrongRank_NamesInputAndBothShapes()
    {
        AssertInvalid(
            "Input: x has shape [1] but the model expects [-1,2]",
            """{"instances": [5]}""",
            _singleFloat);
    }

    [Fact]
    public void Read_LongValueInAMessage_IsCut()
    {
        var text = new string('a', 500);

        var exception = Assert.Throws<ServingException>(() => JsonTestData.Read($$"""{"instances": ["{{text}}"]}""", _singleFloat));

        Assert.Equal(
            $"Failed to process element: 0 key: x of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: \"{new string('a', 127)}... Type: String is not of expected type: float",
            exception.Message);
    }

    private static void AssertInvalid(string expected, string json, ModelSignature signature)
    {
        var exception = Assert.Throws<ServingException>(() => JsonTestData.Read(json, signature));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal(expected, exception.Message);
    }
}

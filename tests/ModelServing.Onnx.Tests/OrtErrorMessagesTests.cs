namespace ModelServing.Onnx.Tests;

/// <summary>ONNX Runtime's run errors as it words them: whose fault, and what a caller may read.</summary>
public sealed class OrtErrorMessagesTests
{
    public static TheoryData<string, bool, string?> RunFailures => new()
    {
        {
            "[ErrorCode:InvalidArgument] Non-zero status code returned while running Gather node. Name:'/embed/Gather_3' Status Message: indices element out of data bounds, idx=9 must be within the inclusive range [-4,3]",
            true,
            "indices element out of data bounds, idx=9 must be within the inclusive range [-4,3]"
        },
        {
            "[ErrorCode:Fail] Non-zero status code returned while running Expand node. Name:'Expand_33526' Status Message: Expand_33526: left operand cannot broadcast on dim 2 LeftShape: {1,900,4}, RightShape: {1,900,256}",
            true,
            "left operand cannot broadcast on dim 2 LeftShape: {1,900,4}, RightShape: {1,900,256}"
        },
        {
            "[ErrorCode:RuntimeException] Non-zero status code returned while running Reshape node. Name:'/model/Reshape_1' Status Message: /onnxruntime_src/onnxruntime/core/providers/cpu/tensor/reshape_helper.h:47 onnxruntime::ReshapeHelper::ReshapeHelper(const onnxruntime::TensorShape&, onnxruntime::TensorShapeVector&, bool) input_shape_size == size was false. The input tensor cannot be reshaped to the requested shape. Input shape:{3}, requested shape:{2,2}\nStacktrace:\n/onnxruntime_src/x.cc:1 f()\n",
            true,
            "The input tensor cannot be reshaped to the requested shape. Input shape:{3}, requested shape:{2,2}"
        },
        {
            "[ErrorCode:Fail] Non-zero status code returned while running Conv node. Name:'conv2d_0.tmp_0' Status Message: Invalid input shape: {0}",
            true,
            "Invalid input shape: {0}"
        },
        {
            "[ErrorCode:InvalidArgument] Non-zero status code returned while running Concat node. Name:'c' Status Message: Input 'hidden_0' has mismatched dimensions",
            true,
            null
        },
        {
            "[ErrorCode:RuntimeException] Non-zero status code returned while running MatMul node. Name:'m' Status Message: /onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:359 void* onnxruntime::BFCArena::AllocateRawInternal(size_t, bool, onnxruntime::Stream*, bool, onnxruntime::WaitNotificationFn) Failed to allocate memory for requested buffer of size 4398046511104\n",
            false,
            "Failed to allocate memory for requested buffer of size 4398046511104"
        },
        {
            "[ErrorCode:Fail] Non-zero status code returned while running FusedConv node. Name:'f' Status Message: CUDNN failure 4: CUDNN_STATUS_INTERNAL_ERROR",
            false,
            "CUDNN failure 4: CUDNN_STATUS_INTERNAL_ERROR"
        },
        { "[ErrorCode:Fail] Exiting due to terminate flag being set to true.", false, "Exiting due to terminate flag being set to true." },
        { "[ErrorCode:EPFail] The execution provider stopped.", false, "The execution provider stopped." },
    };

    [Theory]
    [MemberData(nameof(RunFailures))]
    public void DescribeRunFailure_RuntimeMessage_TellsCauseAndDropsGraphNamesAndPaths(string message, bool causedByInput, string? detail)
    {
        var failure = OrtErrorMessages.DescribeRunFailure(message);

        Assert.Equal(causedByInput, failure.CausedByInput);
        Assert.Equal(detail, failure.Detail);
    }
}

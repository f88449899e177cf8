namespace ModelServing.Core.Pipeline;

/// <summary>Which side of the model a serving-function stage works on.</summary>
public enum ServingStageKind
{
    /// <summary>Turns what clients send into a model input (decode an image, for example).</summary>
    Input,
    /// <summary>Turns a model output into what clients receive (softmax, top-k labels, boxes).</summary>
    Output,
    /// <summary>Runs between the steps of a composed model's <c>graph</c> (crop regions, rotate, gather).</summary>
    Graph,
}

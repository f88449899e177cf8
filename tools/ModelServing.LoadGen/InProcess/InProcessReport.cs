namespace ModelServing.LoadGen.InProcess;

/// <summary>The in-process limit of one model: what the runtime and the serving function do without HTTP.</summary>
/// <param name="Mode">Always <c>inprocess</c>.</param>
/// <param name="Model">Model name (its directory name).</param>
/// <param name="Version">The version loaded.</param>
/// <param name="ExecutionProvider">Where the model ran.</param>
/// <param name="Labels">Tags given on the command line.</param>
/// <param name="Raw">Model <c>Run</c> on ready model tensors, per batch size and number of callers.</param>
/// <param name="RawBest">The fastest of <paramref name="Raw"/>.</param>
/// <param name="ServingFunction">
/// For models with input stages: decode, preprocess, run and postprocess from the request's raw bytes every call, per batch
/// size and number of callers (callers convert side by side, the model runs one batch at a time); null otherwise.
/// </param>
/// <param name="ServingFunctionBest">The fastest of <paramref name="ServingFunction"/>, or null.</param>
/// <param name="Request">The body as sent to the gateway, one caller: JSON parse, serving function, run, JSON write.</param>
/// <param name="RequestItems">Items in the body.</param>
/// <param name="LimitItemsPerSecond">The in-process limit: the serving function's best when there is one, else the raw best.</param>
public sealed record InProcessReport(
    string Mode,
    string Model,
    long Version,
    string ExecutionProvider,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<InProcessPoint> Raw,
    InProcessPoint? RawBest,
    IReadOnlyList<InProcessPoint>? ServingFunction,
    InProcessPoint? ServingFunctionBest,
    InProcessPoint Request,
    int RequestItems,
    double LimitItemsPerSecond);

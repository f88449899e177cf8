namespace ModelServing.Core.Pipeline;

public sealed partial class ServingPipeline
{
    /// <summary>The input stage that takes decoded pixels for the public input <paramref name="publicName"/>, or null when it has none.</summary>
    public IPixelInputStage? PixelInput(string publicName)
    {
        foreach (var (_, stage) in _inputStages)
        {
            if (stage.PublicInput.Name == publicName)
            {
                return stage as IPixelInputStage;
            }
        }

        return null;
    }
}

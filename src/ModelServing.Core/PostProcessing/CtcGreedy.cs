using System.Text;

namespace ModelServing.Core.PostProcessing;

/// <summary>Greedy (best-path) CTC decoding of one recognizer output row, as PaddleOCR's <c>CTCLabelDecode</c>.</summary>
/// <remarks>
/// Per time step the most probable class (lowest index on ties); repeats of the previous step's class collapse into one;
/// the blank (class 0) is dropped. The confidence is the mean of the kept steps' probabilities, 0 when none is kept.
/// Thread-safe (stateless).
/// </remarks>
internal static class CtcGreedy
{
    /// <summary>Decodes <paramref name="steps"/> rows of <see cref="CtcDictionary.ClassCount"/> class probabilities.</summary>
    /// <param name="probabilities">Row-major [steps, classes].</param>
    /// <param name="steps">Number of time steps.</param>
    /// <param name="dictionary">The classes' characters; its class count is the row length.</param>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> is not steps x classes long.</exception>
    public static (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, int steps, CtcDictionary dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        var classes = dictionary.ClassCount;
        if ((long)steps * classes != probabilities.Length)
        {
            throw new ArgumentException($"expected {steps}x{classes} probabilities, got {probabilities.Length}", nameof(probabilities));
        }

        var text = new StringBuilder();
        var previous = -1;
        double sum = 0;
        var kept = 0;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = Argmax.Row(row);
            if (best != 0 && best != previous)
            {
                text.Append(dictionary[best]);
                sum += row[best];
                kept++;
            }

            previous = best;
        }

        return (text.ToString(), kept == 0 ? 0f : (float)(sum / kept));
    }
}

using System.Text;
using ModelServing.Batch.Input;
using ModelServing.Core.Tensors;

namespace ModelServing.Batch.Instances;

/// <summary>
/// The model inputs of a batch built straight from what the instances were made of (file or record bytes, CSV cells),
/// without writing the batch as a TF Serving request and reading it back.
/// </summary>
/// <remarks>
/// Builds only what <c>PredictRequestReader</c> would build from the same instances' JSON: the same element type, values and
/// shape. When it cannot be sure of that (a value the reader refuses or might round otherwise, fields that do not match the
/// inputs, a shape the signature does not take, an element type not handled here) it returns null, and the caller reads the
/// JSON, which yields the same tensors or the reader's own error message. Thread-safe (no state).
/// </remarks>
internal static class InstanceTensors
{
    /// <summary>Integers up to this magnitude are exact in a float; larger ones are left to the reader, which rounds them.</summary>
    private const double MaxExactSingle = (1 << 24) - 1;

    /// <summary>The inputs of the batch, or null when the JSON reader must build them.</summary>
    public static Dictionary<string, TensorData>? TryCreate(List<PreparedInstance> batch, ModelSignature signature)
    {
        if (batch.Count == 0)
        {
            return null;
        }

        if (batch[0].Binary is not null)
        {
            return FromBinary(batch, signature);
        }

        if (batch[0].Cells is not null)
        {
            return batch[0].CellsAreNamed ? FromNamedCells(batch, signature) : FromCellArrays(batch, signature);
        }

        return null;
    }

    /// <summary>
    /// The batch as the one byte-string input of a model that takes only that (an image model's serving function): the
    /// tensor of <c>{"b64"}</c> instances, without encoding and decoding base64.
    /// </summary>
    private static Dictionary<string, TensorData>? FromBinary(List<PreparedInstance> batch, ModelSignature signature)
    {
        if (signature.Inputs is not [{ DataType: TensorDataType.String, Shape: [var rows] } input]
            || (rows >= 0 && rows != batch.Count)
            || !batch.TrueForAll(b => b.Binary is not null))
        {
            return null;
        }

        var values = new byte[batch.Count][];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = batch[i].Binary!;
        }

        return new Dictionary<string, TensorData>(1, StringComparer.Ordinal) { [input.Name] = TensorData.FromBytes(values, values.Length) };
    }

    /// <summary>Object instances: each cell, found by its field name, is one row of the input of that name (shape <c>[-1]</c>).</summary>
    private static Dictionary<string, TensorData>? FromNamedCells(List<PreparedInstance> batch, ModelSignature signature)
    {
        var specs = signature.Inputs;
        var columns = new Array[specs.Count];
        for (var j = 0; j < specs.Count; j++)
        {
            if (specs[j].Shape is not [var rows] || (rows >= 0 && rows != batch.Count) || Allocate(specs[j].DataType, batch.Count) is not { } column)
            {
                return null;
            }

            columns[j] = column;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            // The same number of fields as inputs, each input found: every field names a different input, none is left over.
            if (batch[i] is not { CellsAreNamed: true, Cells: { } cells } || cells.Count != specs.Count)
            {
                return null;
            }

            // The reader takes {"b64": "..."} for a value to decode, not for an object with a field named b64.
            if (cells is [{ Name: "b64", Cell.Quoted: true }])
            {
                return null;
            }

            for (var j = 0; j < specs.Count; j++)
            {
                var index = IndexOf(cells, specs[j].Name, j);
                if (index < 0 || !TrySet(columns[j], specs[j].DataType, i, cells[index].Cell))
                {
                    return null;
                }
            }
        }

        var inputs = new Dictionary<string, TensorData>(specs.Count, StringComparer.Ordinal);
        for (var j = 0; j < specs.Count; j++)
        {
            inputs.Add(specs[j].Name, TensorData.Create(specs[j].DataType, columns[j], batch.Count));
        }

        return inputs;
    }

    /// <summary>Array instances of a one-input model: each instance is one row of that input (shape <c>[-1, cells]</c>).</summary>
    private static Dictionary<string, TensorData>? FromCellArrays(List<PreparedInstance> batch, ModelSignature signature)
    {
        var width = batch[0].Cells!.Count;
        if (signature.Inputs is not [{ Shape: [var rows, var columns] } spec]
            || width == 0
            || (rows >= 0 && rows != batch.Count)
            || (columns >= 0 && columns != width)
            || Allocate(spec.DataType, batch.Count * width) is not { } data)
        {
            return null;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is not { CellsAreNamed: false, Cells: { } cells } || cells.Count != width)
            {
                return null;
            }

            for (var j = 0; j < width; j++)
            {
                if (!TrySet(data, spec.DataType, (i * width) + j, cells[j].Cell))
                {
                    return null;
                }
            }
        }

        return new Dictionary<string, TensorData>(1, StringComparer.Ordinal) { [spec.Name] = TensorData.Create(spec.DataType, data, batch.Count, width) };
    }

    private static Array? Allocate(TensorDataType type, int length) => type switch
    {
        TensorDataType.Float => new float[length],
        TensorDataType.Double => new double[length],
        TensorDataType.String => new byte[length][],
        _ => null,
    };

    /// <summary>Stores the cell's value at <paramref name="index"/>; false when the reader might refuse it or read it otherwise.</summary>
    private static bool TrySet(Array data, TensorDataType type, int index, CsvCell cell)
    {
        switch (type)
        {
            case TensorDataType.Float when !cell.Quoted && TryGetSingle(cell.Number, out var value):
                ((float[])data)[index] = value;
                return true;

            // The JSON text of a double reads back as that double; "-0" is left to the reader rather than reasoned about.
            case TensorDataType.Double when !cell.Quoted && !(cell.Number == 0 && double.IsNegative(cell.Number)):
                ((double[])data)[index] = cell.Number;
                return true;

            // A string goes out escaped by the JSON writer and is unescaped by the reader back to its UTF-8 bytes.
            case TensorDataType.String when cell.Quoted:
                ((byte[][])data)[index] = Encoding.UTF8.GetBytes(cell.Text);
                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// The float the reader makes of the JSON text of <paramref name="number"/> (the nearest float to that text), when it
    /// is sure to be the nearest float to the double itself and the reader accepts it.
    /// </summary>
    /// <remarks>
    /// The text is the shortest that reads back as the double, so it lies on the same side of every float midpoint as the
    /// double, except when the double is exactly a midpoint (rounding the double then ties to even, while the text may lie
    /// just past it): those go to the reader. So do integers above 2^24 - 1 (the reader rounds them from their text), values
    /// past the float range, negative zero and results in the subnormal range.
    /// </remarks>
    internal static bool TryGetSingle(double number, out float value)
    {
        value = (float)number;
        if (Math.Abs(number) > float.MaxValue || (number == 0 && double.IsNegative(number)))
        {
            return false;
        }

        if (double.IsInteger(number))
        {
            return Math.Abs(number) <= MaxExactSingle;
        }

        if (value == number)
        {
            return true;
        }

        if (value == 0 || float.IsSubnormal(value))
        {
            return false;
        }

        var other = number > value ? MathF.BitIncrement(value) : MathF.BitDecrement(value);
        return ((double)value + other) / 2 != number;
    }

    /// <summary>The index of the cell named <paramref name="name"/>, trying <paramref name="guess"/> first (fields usually come in input order).</summary>
    private static int IndexOf(IReadOnlyList<(string Name, CsvCell Cell)> cells, string name, int guess)
    {
        if (guess < cells.Count && string.Equals(cells[guess].Name, name, StringComparison.Ordinal))
        {
            return guess;
        }

        for (var k = 0; k < cells.Count; k++)
        {
            if (string.Equals(cells[k].Name, name, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return -1;
    }
}

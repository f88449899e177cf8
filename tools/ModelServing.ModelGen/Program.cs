using System.Globalization;
using ModelServing.ModelGen.Onnx;

namespace ModelServing.ModelGen;

/// <summary>Command line: <c>modelgen &lt;model&gt; &lt;path&gt; [args]</c> writes one generated ONNX model.</summary>
internal static class Program
{
    private const int Success = 0;
    private const int WriteFailed = 1;
    private const int UsageError = 2;

    private static readonly Dictionary<string, (string Help, Action<string, string[]> Write)> _commands = new()
    {
        ["loans"] = ("the loan-approval classifier (income, credit_cards, age -> approved, probabilities)", (path, _) => LoansModel.Write(path)),
        ["identity-all-types"] = ("Identity for every element type: x_<type> -> y_<type>", (path, _) => TestModels.WriteIdentityAllTypes(path)),
        ["string-echo"] = ("text -> text_bytes, text_copy", (path, _) => TestModels.WriteStringEcho(path)),
        ["add-constant"] = ("x [batch,3] -> y = x + ADDEND (default 1)", (path, args) => TestModels.WriteAddConstant(path, ParseAddend(args))),
        ["add-constant-external"] = (
            "add-constant with ADDEND kept in external data at LOCATION (relative to the model's directory): LOCATION [ADDEND]",
            WriteAddConstantExternal),
        ["large-external"] = (
            "x [batch,3] -> y = x + [1,2,3], gathered from a MEGABYTES MiB initializer in weights.bin beside the model: MEGABYTES",
            (path, args) => LargeModels.WriteLargeExternal(path, ParseMegabytes(args))),
        ["fixed-shape"] = ("x [2,2] -> y = x * 2", (path, _) => TestModels.WriteFixedShape(path)),
        ["sequence-output"] = ("x -> a sequence output (fails to load, on purpose)", (path, _) => TestModels.WriteSequenceOutput(path)),
        ["slow"] = ("x [batch,1] -> y = x after 128 chained 1024x1024 matrix products (slow on purpose)", (path, _) => TestModels.WriteSlow(path)),
        ["slow-when-asked"] = ("x [batch,1] -> y = x after 64 chained kxk matrix products, k = max(x) (x = 1024: slow)", (path, _) => TestModels.WriteSlowWhenAsked(path)),
        ["lookup"] = ("index int64 [batch] -> value = [10,20,30,40][index]; refused at run time outside -4..3", (path, _) => TestModels.WriteLookup(path)),
        ["unused-input"] = ("x -> y plus an unused input z of TYPE (default complex64)", (path, args) => TestModels.WriteUnusedInput(path, ParseType(args))),
    };

    private static int Main(string[] args)
    {
        if (args.Length is 1 && args[0] is "-h" or "--help")
        {
            PrintUsage(Console.Out);
            return Success;
        }

        if (args.Length < 2 || !_commands.TryGetValue(args[0], out var command))
        {
            PrintUsage(Console.Error);
            return UsageError;
        }

        try
        {
            command.Write(args[1], args[2..]);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine(ex.Message);
            PrintUsage(Console.Error);
            return UsageError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not write {args[1]}: {ex.Message}");
            return WriteFailed;
        }

        Console.WriteLine($"Wrote {args[0]} model to {args[1]}");
        return Success;
    }

    private static void WriteAddConstantExternal(string path, string[] args)
    {
        if (args.Length == 0)
        {
            throw new FormatException("LOCATION is missing.");
        }

        TestModels.WriteAddConstantExternal(path, ParseAddend(args[1..]), args[0]);
    }

    private static int ParseMegabytes(string[] args) =>
        args.Length == 1 && int.TryParse(args[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var megabytes) && megabytes is > 0 and <= 16384
            ? megabytes
            : throw new FormatException("MEGABYTES must be a whole number from 1 to 16384.");

    private static float ParseAddend(string[] args)
    {
        if (args.Length == 0)
        {
            return 1f;
        }

        return float.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var addend)
            ? addend
            : throw new FormatException($"'{args[0]}' is not a number.");
    }

    private static OnnxDataType ParseType(string[] args)
    {
        if (args.Length == 0)
        {
            return OnnxDataType.Complex64;
        }

        return Enum.TryParse<OnnxDataType>(args[0], ignoreCase: true, out var type) && Enum.IsDefined(type)
            ? type
            : throw new FormatException($"'{args[0]}' is not an ONNX element type ({string.Join(", ", Enum.GetNames<OnnxDataType>())}).");
    }

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("Writes ONNX models for ModelServing.");
        writer.WriteLine("Usage: dotnet run --project tools/ModelServing.ModelGen -- <model> <path> [args]");
        writer.WriteLine("Models:");
        foreach (var (name, command) in _commands)
        {
            writer.WriteLine($"  {name,-20} {command.Help}");
        }
    }
}

using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>A model repository in a temporary directory, filled with generated and fetched real models.</summary>
internal sealed class TestRepository : IDisposable
{
    public TestRepository()
    {
        Root = Directory.CreateTempSubdirectory("modelserving-tests-").FullName;
    }

    public string Root { get; }

    public string ModelPath(string model, long version) => Path.Combine(Root, model, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "model.onnx");

    public TestRepository WithLoans()
    {
        LoansModel.Write(Prepare("loans", 1));
        return WithConfig("loans", """{"versionLabels": {"stable": 1}}""");
    }

    public TestRepository WithAllTypes()
    {
        TestModels.WriteIdentityAllTypes(Prepare("dtypes", 1));
        return this;
    }

    public TestRepository WithStrings()
    {
        TestModels.WriteStringEcho(Prepare("strings", 1));
        return this;
    }

    public TestRepository WithAdders(params long[] versions)
    {
        foreach (var version in versions)
        {
            TestModels.WriteAddConstant(Prepare("adder", version), version * 10);
        }

        return this;
    }

    /// <summary>An adder whose addend (version * 10) is ONNX external data at <paramref name="location"/>.</summary>
    public TestRepository WithExternalDataAdder(string model, long version, string location)
    {
        TestModels.WriteAddConstantExternal(Prepare(model, version), version * 10, location);
        return this;
    }

    public TestRepository WithFixedShape()
    {
        TestModels.WriteFixedShape(Prepare("fixed", 1));
        return this;
    }

    public TestRepository WithTextOrientation()
    {
        File.Copy(ExampleModels.TextOrientationModel, Prepare("text-orientation", 1));
        return this;
    }

    /// <summary>The example image models with their real configs from models/ (serving functions, labels).</summary>
    public TestRepository WithExampleImageModels()
    {
        foreach (var (name, file) in new[] { ("text-orientation", "ch_ppocr_mobile_v2.0_cls_infer.onnx"), ("text-detection", "ch_PP-OCRv4_det_infer.onnx") })
        {
            File.Copy(Path.Combine(ExampleModels.PackageAssets, file), Prepare(name, 1));
            foreach (var source in Directory.EnumerateFiles(Path.Combine(ExampleModels.RepositoryRoot, "models", name)))
            {
                File.Copy(source, Path.Combine(Root, name, Path.GetFileName(source)), overwrite: true);
            }
        }

        return this;
    }

    /// <summary>The PP-OCRv4 recognizer as <c>text-recognition</c>, with its config from models/ and the fetched dictionary beside it.</summary>
    public TestRepository WithTextRecognition()
    {
        File.Copy(Path.Combine(ExampleModels.PackageAssets, "ch_PP-OCRv4_rec_infer.onnx"), Prepare("text-recognition", 1));
        File.Copy(Path.Combine(ExampleModels.RepositoryRoot, "models", "text-recognition", "config.json"), Path.Combine(Root, "text-recognition", "config.json"));
        File.Copy(Path.Combine(ExampleModels.PackageAssets, "ppocr_keys_v1.txt"), Path.Combine(Root, "text-recognition", "ppocr_keys_v1.txt"));
        return this;
    }

    /// <summary>The composed <c>ocr</c> model of models/ with text-recognition (model, dictionary and config); add <see cref="WithExampleImageModels"/> too.</summary>
    public TestRepository WithOcr()
    {
        return WithTextRecognition().WithGraph("ocr", File.ReadAllText(Path.Combine(ExampleModels.RepositoryRoot, "models", "ocr", "config.json")));
    }

    /// <summary>A composed model: <paramref name="configJson"/> (with a <c>graph</c>) and an empty version 1 directory.</summary>
    public TestRepository WithGraph(string model, string configJson)
    {
        Directory.CreateDirectory(Path.Combine(Root, model, "1"));
        File.WriteAllText(Path.Combine(Root, model, "config.json"), configJson);
        return this;
    }

    /// <summary>A model that takes seconds per run (<see cref="TestModels.WriteSlow"/>, 128 products: 3 s on two cores) under <paramref name="name"/>.</summary>
    public TestRepository WithSlowModel(string name)
    {
        TestModels.WriteSlow(Prepare(name, 1));
        return this;
    }

    /// <summary>A model quick for x = 1 and seconds long for x = 1024 (<see cref="TestModels.WriteSlowWhenAsked"/>) under <paramref name="name"/>.</summary>
    public TestRepository WithSlowWhenAsked(string name)
    {
        TestModels.WriteSlowWhenAsked(Prepare(name, 1));
        return this;
    }

    /// <summary>A model that ONNX Runtime refuses to run for an index outside -4..3 (<see cref="TestModels.WriteLookup"/>).</summary>
    public TestRepository WithLookup()
    {
        TestModels.WriteLookup(Prepare("lookup", 1));
        return this;
    }

    public TestRepository WithCorruptModel(string name, long version)
    {
        File.WriteAllBytes(Prepare(name, version), [0x08, 0x07, 0x12, 0xFF, 0x00, 0x42, 0x13, 0x37]);
        return this;
    }

    public TestRepository WithConfig(string model, string json)
    {
        Directory.CreateDirectory(Path.Combine(Root, model, "warmup"));
        File.WriteAllText(Path.Combine(Root, model, "config.json"), json);
        return this;
    }

    public TestRepository WithDirectory(string relativePath)
    {
        Directory.CreateDirectory(Path.Combine(Root, relativePath));
        return this;
    }

    private string Prepare(string model, long version)
    {
        var path = ModelPath(model, version);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

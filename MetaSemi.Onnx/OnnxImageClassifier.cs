using Microsoft.ML.OnnxRuntime;

namespace MetaSemi.Onnx;

/// <summary>
/// Predicts image classes with a model exported by MetaSemi.NET (<c>metasemi export</c> or
/// <c>OnnxExport.Save</c>) on ONNX Runtime, with no TorchSharp: the class names and the preprocessing come
/// from the file's metadata (<see cref="OnnxModelMetadata"/>). The same <c>Predict</c> API as
/// MetaSemi.Models' <c>ImageClassifier</c>. Thread-safe once loaded.
/// </summary>
public sealed class OnnxImageClassifier : IDisposable
{
    /// <summary>Images per ONNX Runtime call in the batched <c>Predict</c> overloads.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>Classes returned per image when <c>topK</c> is not given (all of them when the model has fewer).</summary>
    public const int DefaultTopK = 5;

    private const string LogitsName = "logits";

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly ImageTensorizer _tensorizer;

    private OnnxImageClassifier(InferenceSession session, OnnxModelMetadata metadata, string source)
    {
        _session = session;
        Metadata = metadata;
        _tensorizer = new ImageTensorizer(metadata.Preprocessing);
        _inputName = session.InputMetadata.Keys.Single();
        if (!session.OutputMetadata.ContainsKey(LogitsName))
        {
            throw new InvalidDataException($"'{source}' has no '{LogitsName}' output; outputs: {string.Join(", ", session.OutputMetadata.Keys)}.");
        }
    }

    /// <summary>The model's class names and preprocessing.</summary>
    public OnnxModelMetadata Metadata { get; }

    /// <summary>Class names in output order.</summary>
    public IReadOnlyList<string> ClassNames => Metadata.ClassNames;

    /// <summary>Loads an exported model and checks that ONNX Runtime accepts it.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="options">ONNX Runtime session options (threads, execution providers); null for the defaults.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime rejects the file, or its metadata is missing or impossible.</exception>
    public static OnnxImageClassifier Load(string path, SessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The ONNX model '{path}' does not exist.", path);
        }

        InferenceSession session;
        try
        {
            session = options is null ? new InferenceSession(path) : new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load '{path}': {e.Message}", e);
        }

        try
        {
            return new OnnxImageClassifier(session, OnnxModelMetadata.Parse(session.ModelMetadata.CustomMetadataMap, path), path);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The top <paramref name="topK"/> classes of the image file at <paramref name="path"/>.</summary>
    /// <param name="path">An image file (JPEG, PNG, BMP, WebP, GIF).</param>
    /// <param name="topK">How many classes to return, in [1, classes]; null: <see cref="DefaultTopK"/> or all classes when there are fewer.</param>
    public ImagePrediction Predict(string path, int? topK = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return PredictEncoded([(File.ReadAllBytes(path), path)], topK)[0];
    }

    /// <summary>The top <paramref name="topK"/> classes of the encoded image in <paramref name="image"/>.</summary>
    /// <param name="image">A readable stream holding one encoded image; read to its end, left open.</param>
    /// <param name="topK">How many classes to return, in [1, classes]; null: <see cref="DefaultTopK"/> or all classes when there are fewer.</param>
    public ImagePrediction Predict(Stream image, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream();
        image.CopyTo(buffer);
        return PredictEncoded([(buffer.ToArray(), "the image stream")], topK)[0];
    }

    /// <summary>The top <paramref name="topK"/> classes of the encoded image <paramref name="image"/>.</summary>
    /// <param name="image">The bytes of one encoded image.</param>
    /// <param name="topK">How many classes to return, in [1, classes]; null: <see cref="DefaultTopK"/> or all classes when there are fewer.</param>
    public ImagePrediction Predict(byte[] image, int? topK = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PredictEncoded([(image, "the image bytes")], topK)[0];
    }

    /// <summary>Predicts many image files, <paramref name="batchSize"/> per ONNX Runtime call; results in input order.</summary>
    /// <param name="paths">Image files.</param>
    /// <param name="topK">How many classes to return per image, in [1, classes]; null: <see cref="DefaultTopK"/> or all classes when there are fewer.</param>
    /// <param name="batchSize">Images per call (at least 1).</param>
    public IReadOnlyList<ImagePrediction> Predict(IEnumerable<string> paths, int? topK = null, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Batched(paths.Select(p => (File.ReadAllBytes(p), p)), topK, batchSize);
    }

    /// <summary>Predicts many encoded images, <paramref name="batchSize"/> per ONNX Runtime call; results in input order.</summary>
    /// <param name="images">The bytes of encoded images.</param>
    /// <param name="topK">How many classes to return per image, in [1, classes]; null: <see cref="DefaultTopK"/> or all classes when there are fewer.</param>
    /// <param name="batchSize">Images per call (at least 1).</param>
    public IReadOnlyList<ImagePrediction> Predict(IEnumerable<byte[]> images, int? topK = null, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Batched(images.Select((b, i) => (b, $"image {i}")), topK, batchSize);
    }

    /// <summary>Runs the network on already preprocessed input (N×C×S×S floats) and returns the N×classes logits.</summary>
    /// <param name="input">The input batch, channel first.</param>
    /// <param name="batch">N, the number of images in <paramref name="input"/>.</param>
    public float[] Logits(float[] input, int batch)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (input.Length != batch * _tensorizer.Length)
        {
            throw new ArgumentException($"Expected {batch}×{_tensorizer.Length} floats for {batch} images; got {input.Length}.", nameof(input));
        }

        var p = Metadata.Preprocessing;
        using var value = OrtValue.CreateTensorValueFromMemory(input, [batch, p.Channels, p.ImageSize, p.ImageSize]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [value], [LogitsName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The network input for one encoded image (C×S×S floats), as <c>Predict</c> computes it.</summary>
    /// <param name="image">The bytes of one encoded image.</param>
    public float[] Preprocess(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = new float[_tensorizer.Length];
        _tensorizer.Write(image, "the image bytes", input);
        return input;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private List<ImagePrediction> Batched(IEnumerable<(byte[] Bytes, string Where)> images, int? topK, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var results = new List<ImagePrediction>();
        foreach (var chunk in images.Chunk(batchSize))
        {
            results.AddRange(PredictEncoded(chunk, topK));
        }

        return results;
    }

    private ImagePrediction[] PredictEncoded(IReadOnlyList<(byte[] Bytes, string Where)> images, int? topK)
    {
        var classes = ClassNames.Count;
        var count = topK ?? Math.Min(DefaultTopK, classes);
        if (count < 1 || count > classes)
        {
            throw new ArgumentOutOfRangeException(nameof(topK), count, $"topK must lie in [1, {classes}] (the model has {classes} classes).");
        }

        var n = images.Count;
        var input = new float[n * _tensorizer.Length];
        try
        {
            Parallel.For(0, n, i => _tensorizer.Write(images[i].Bytes, images[i].Where, input.AsSpan(i * _tensorizer.Length, _tensorizer.Length)));
        }
        catch (AggregateException e)
        {
            // Surface the first image's own error (it names the image) rather than the loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        var logits = Logits(input, n);
        var predictions = new ImagePrediction[n];
        for (var i = 0; i < n; i++)
        {
            predictions[i] = TopK(logits.AsSpan(i * classes, classes), count);
        }

        return predictions;
    }

    // Softmax in float64 (max-subtracted), then the k most probable classes; ties keep the lower index first.
    private ImagePrediction TopK(ReadOnlySpan<float> logits, int topK)
    {
        double max = double.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        var exp = new double[logits.Length];
        double sum = 0;
        for (var c = 0; c < logits.Length; c++)
        {
            exp[c] = Math.Exp(logits[c] - max);
            sum += exp[c];
        }

        return new ImagePrediction(Enumerable.Range(0, logits.Length)
            .OrderByDescending(c => exp[c])
            .ThenBy(c => c)
            .Take(topK)
            .Select(c => new ClassProbability(ClassNames[c], c, (float)(exp[c] / sum))));
    }
}

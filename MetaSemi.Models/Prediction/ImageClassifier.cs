using MetaSemi.Data;
using MetaSemi.Files;
using TorchSharp;

namespace MetaSemi.Models;

/// <summary>
/// Predicts image classes with a model file written by training (docs/design.md §8): the network, class names and
/// preprocessing all come from the file. Each image goes through the training run's test transform — the same
/// <see cref="ImagePreprocessor"/> and <see cref="Normalization"/> own-folder training cached and evaluated with —
/// so a prediction's logits are the trainer's evaluation logits. Thread-safe once loaded (forward passes take turns).
/// </summary>
/// <example>
/// <code>
/// using var classifier = ImageClassifier.Load("results/photos/model.metasemi");
/// ImagePrediction p = classifier.Predict("cat.jpg", topK: 3);
/// Console.WriteLine($"{p.Best.ClassName} {p.Best.Probability:P1}");
/// </code>
/// </example>
public sealed class ImageClassifier : IDisposable
{
    /// <summary>Images per forward pass in the batched <c>Predict</c> overloads.</summary>
    public const int DefaultBatchSize = 32;

    private readonly LoadedModel _loaded;
    private readonly ImagePreprocessor _preprocessor;
    private readonly Normalization _normalization;
    private readonly torch.Device _device;
    private readonly Lock _gate = new();

    private ImageClassifier(LoadedModel loaded, torch.Device device)
    {
        _loaded = loaded;
        _device = device;
        var p = loaded.Description.Preprocessing;
        _preprocessor = ImagePreprocessor.For(p);
        _normalization = new Normalization(p.Mean, p.Std);
        loaded.Model.to(device);
        loaded.Model.eval();
    }

    /// <summary>What the model file says: architecture, classes, preprocessing, how it was trained.</summary>
    public ModelDescription Description => _loaded.Description;

    /// <summary>Class names in output order.</summary>
    public IReadOnlyList<string> ClassNames => _loaded.Description.ClassNames;

    /// <summary>Loads a model file.</summary>
    /// <param name="path">A model file (<c>model.metasemi</c> of a run folder).</param>
    /// <param name="device">Where to compute (default CPU).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not a model file, or damaged; the message names the file.</exception>
    public static ImageClassifier Load(string path, torch.Device? device = null)
    {
        var loaded = ZooModelFile.Load(path);
        try
        {
            return new ImageClassifier(loaded, device ?? torch.CPU);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>The top <paramref name="topK"/> classes of the image file at <paramref name="path"/>.</summary>
    /// <param name="path">An image file (JPEG, PNG, BMP, WebP, GIF).</param>
    /// <param name="topK">How many classes to return (at most the number of classes).</param>
    /// <exception cref="DataFormatException">The file is not an image that can be decoded; the message names it.</exception>
    public ImagePrediction Predict(string path, int topK = 5)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return PredictEncoded([File.ReadAllBytes(path)], [path], topK)[0];
    }

    /// <summary>The top <paramref name="topK"/> classes of the encoded image in <paramref name="image"/>.</summary>
    /// <param name="image">A readable stream holding one encoded image; read to its end, left open.</param>
    /// <param name="topK">How many classes to return (at most the number of classes).</param>
    public ImagePrediction Predict(Stream image, int topK = 5)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream();
        image.CopyTo(buffer);
        return PredictEncoded([buffer.ToArray()], ["the image stream"], topK)[0];
    }

    /// <summary>The top <paramref name="topK"/> classes of the encoded image <paramref name="image"/>.</summary>
    /// <param name="image">The bytes of one encoded image.</param>
    /// <param name="topK">How many classes to return (at most the number of classes).</param>
    public ImagePrediction Predict(byte[] image, int topK = 5)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PredictEncoded([image], ["the image bytes"], topK)[0];
    }

    /// <summary>Predicts many image files, <paramref name="batchSize"/> per forward pass; results in input order.</summary>
    /// <param name="paths">Image files.</param>
    /// <param name="topK">How many classes to return per image.</param>
    /// <param name="batchSize">Images per forward pass (at least 1).</param>
    public IReadOnlyList<ImagePrediction> Predict(IEnumerable<string> paths, int topK = 5, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Batched(paths.Select(p => (File.ReadAllBytes(p), p)), topK, batchSize);
    }

    /// <summary>Predicts many encoded images, <paramref name="batchSize"/> per forward pass; results in input order.</summary>
    /// <param name="images">The bytes of encoded images.</param>
    /// <param name="topK">How many classes to return per image.</param>
    /// <param name="batchSize">Images per forward pass (at least 1).</param>
    public IReadOnlyList<ImagePrediction> Predict(IEnumerable<byte[]> images, int topK = 5, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Batched(images.Select((b, i) => (b, $"image {i}")), topK, batchSize);
    }

    /// <summary>The network's input for encoded images: float32 B×C×S×S after the test transform.</summary>
    /// <param name="images">Encoded images.</param>
    /// <param name="names">What to call each image in an error message.</param>
    public torch.Tensor Preprocess(IReadOnlyList<byte[]> images, IReadOnlyList<string> names)
    {
        using var pixels = _preprocessor.Decode(images, names);
        return _normalization.Apply(pixels);
    }

    /// <summary>The logits (float32 B×classes, on the CPU) of encoded images.</summary>
    /// <param name="images">Encoded images.</param>
    /// <param name="names">What to call each image in an error message.</param>
    public torch.Tensor Logits(IReadOnlyList<byte[]> images, IReadOnlyList<string> names)
    {
        using var scope = torch.NewDisposeScope();
        var input = Preprocess(images, names).to(_device);
        lock (_gate)
        {
            using var noGrad = torch.no_grad();
            return _loaded.Model.forward(input).cpu().MoveToOuterDisposeScope();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _loaded.Dispose();

    private List<ImagePrediction> Batched(IEnumerable<(byte[] Bytes, string Name)> images, int topK, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var results = new List<ImagePrediction>();
        foreach (var chunk in images.Chunk(batchSize))
        {
            results.AddRange(PredictEncoded(chunk.Select(c => c.Bytes).ToArray(), chunk.Select(c => c.Name).ToArray(), topK));
        }

        return results;
    }

    private List<ImagePrediction> PredictEncoded(byte[][] images, string[] names, int topK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        int k = Math.Min(topK, ClassNames.Count);
        using var scope = torch.NewDisposeScope();
        var probabilities = Logits(images, names).softmax(1);
        var (values, indices) = probabilities.topk(k, dim: 1);
        float[] p = values.data<float>().ToArray();
        long[] c = indices.data<long>().ToArray();
        var results = new List<ImagePrediction>(images.Length);
        for (int i = 0; i < images.Length; i++)
        {
            results.Add(new ImagePrediction(Enumerable.Range(0, k).Select(j => new ClassProbability(ClassNames[(int)c[(i * k) + j]], (int)c[(i * k) + j], p[(i * k) + j]))));
        }

        return results;
    }
}

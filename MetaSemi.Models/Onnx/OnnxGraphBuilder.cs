using System.Runtime.InteropServices;
using Google.Protobuf;
using MetaSemi.Models.Onnx.Schema;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Models.Onnx;

/// <summary>
/// Builds an ONNX graph (opset 17) from TorchSharp modules in their eval-mode form: each method emits
/// the nodes of one layer, stores its weights as float32 initializers named by the module's state-dict
/// prefix (<c>block1.0.weight</c>), and returns the name of the value it produced. Dropout is the
/// identity; BatchNorm uses its running statistics.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new();
    private readonly Dictionary<nn.Module, string> _prefixes = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Starts a graph for <paramref name="root"/>; its sub-modules' names come from <c>named_modules()</c>.</summary>
    public OnnxGraphBuilder(nn.Module root, string graphName)
    {
        foreach (var (name, module) in root.named_modules())
        {
            _prefixes.TryAdd(module, name);
        }

        _graph.Name = graphName;
    }

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph => _graph;

    /// <summary>Declares a float32 graph input; a null dimension is symbolic (<paramref name="dynamicName"/>).</summary>
    public string Input(string name, IReadOnlyList<long?> dims, string dynamicName)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, dims, dynamicName));
        return name;
    }

    /// <summary>Makes <paramref name="value"/> a float32 graph output named <paramref name="name"/>.</summary>
    public void Output(string value, string name, IReadOnlyList<long?> dims, string dynamicName)
    {
        if (value != name)
        {
            Claim(name);
            _graph.Node.Add(new NodeProto { OpType = "Identity", Name = name, Input = { value }, Output = { name } });
        }

        _graph.Output.Add(ValueInfo(name, dims, dynamicName));
    }

    /// <summary>Emits a leaf layer or a <see cref="Sequential"/> of them (children in order).</summary>
    /// <exception cref="NotSupportedException">The module is of a kind the exporter does not know.</exception>
    public string Module(nn.Module module, string x)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module switch
        {
            Sequential sequential => sequential.children().Aggregate(x, (value, child) => Module(child, value)),
            Conv2d conv => Conv(conv, x),
            BatchNorm2d bn => BatchNorm(bn, x),
            BatchNorm1d bn => AffineBatchNorm(bn, x),
            LeakyReLU leaky => LeakyRelu(x, leaky.negative_slope, PrefixOf(leaky)),
            HeldSlopeLeakyReLU leaky => LeakyRelu(x, leaky.NegativeSlope, PrefixOf(leaky)),
            ReLU relu => Relu(x, PrefixOf(relu)),
            MaxPool2d pool => MaxPool(pool, x),
            AdaptiveAvgPool2d pool => GlobalAveragePool(pool, x),
            Flatten flatten => Flatten(x, flatten),
            Linear linear => Gemm(linear, x),
            Dropout or Dropout2d or Identity => x,
            _ => throw new NotSupportedException(
                $"ONNX export does not know the module '{PrefixOf(module)}' of type {module.GetType().Name}; "
                + "supported layers: Sequential, Conv2d, BatchNorm1d/2d, LeakyReLU, ReLU, MaxPool2d, AdaptiveAvgPool2d(1), Flatten, Linear, Dropout."),
        };
    }

    /// <summary>Conv with the module's weight, optional bias, strides, zero padding, dilation and groups.</summary>
    public string Conv(Conv2d conv, string x)
    {
        var prefix = PrefixOf(conv);
        if (conv.padding_mode != PaddingModes.Zeros)
        {
            throw new NotSupportedException($"ONNX export of '{prefix}': only zero padding is supported, not {conv.padding_mode}.");
        }

        var padding = conv.padding ?? (conv.padding_type == Padding.Valid
            ? [0L, 0L]
            : throw new NotSupportedException($"ONNX export of '{prefix}': 'same' padding is not supported; give the padding explicitly."));
        var inputs = new List<string> { x, Initializer($"{prefix}.weight", conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(Initializer($"{prefix}.bias", conv.bias));
        }

        return Node("Conv", prefix, inputs,
            Ints("kernel_shape", conv.kernel_size),
            Ints("strides", conv.stride),
            Ints("pads", [padding[0], padding[1], padding[0], padding[1]]),
            Ints("dilations", conv.dilation),
            Int("group", conv.groups));
    }

    /// <summary>BatchNormalization (inference) with the running mean and variance.</summary>
    public string BatchNorm(BatchNorm2d bn, string x)
    {
        var prefix = PrefixOf(bn);
        var (scale, shift) = Affine(bn, prefix);
        return Node("BatchNormalization", prefix,
            [x, Initializer($"{prefix}.weight", scale), Initializer($"{prefix}.bias", shift),
             Initializer($"{prefix}.running_mean", RequireStatistic(bn.running_mean, prefix, "running_mean")),
             Initializer($"{prefix}.running_var", RequireStatistic(bn.running_var, prefix, "running_var"))],
            Float("epsilon", bn.eps));
    }

    /// <summary>LeakyRelu with the given negative slope.</summary>
    public string LeakyRelu(string x, double negativeSlope, string name) => Node("LeakyRelu", name, [x], Float("alpha", negativeSlope));

    /// <summary>Relu.</summary>
    public string Relu(string x, string name) => Node("Relu", name, [x]);

    /// <summary>Element-wise sum.</summary>
    public string Add(string a, string b, string name) => Node("Add", name, [a, b]);

    /// <summary>Multiplication by a float32 scalar.</summary>
    public string Scale(string x, float factor, string name) =>
        Node("Mul", name, [x, FloatConstant($"{name}.factor", [factor], [])]);

    /// <summary>Concatenation along <paramref name="axis"/>.</summary>
    public string Concat(IReadOnlyList<string> values, long axis, string name) => Node("Concat", name, values, Int("axis", axis));

    /// <summary>Slice of <paramref name="x"/>: from <paramref name="starts"/> to the end with <paramref name="steps"/> along <paramref name="axes"/>.</summary>
    public string Slice(string x, long[] starts, long[] axes, long[] steps, string name)
    {
        var ends = Enumerable.Repeat(long.MaxValue, starts.Length).ToArray();
        return Node("Slice", name,
            [x, Int64Constant($"{name}.starts", starts), Int64Constant($"{name}.ends", ends),
             Int64Constant($"{name}.axes", axes), Int64Constant($"{name}.steps", steps)]);
    }

    /// <summary>Element-wise product with a constant tensor (broadcast), stored as an initializer.</summary>
    public string Multiply(string x, Tensor factor, string name) => Node("Mul", name, [x, Initializer($"{name}.factor", factor)]);

    /// <summary>Element-wise sum with a constant tensor (broadcast), stored as an initializer.</summary>
    public string AddConstant(string x, Tensor addend, string name) => Node("Add", name, [x, Initializer($"{name}.addend", addend)]);

    /// <summary>The entries <paramref name="indices"/> of <paramref name="x"/> along <paramref name="axis"/>, in that order.</summary>
    public string Gather(string x, long[] indices, long axis, string name) =>
        Node("Gather", name, [x, Int64Constant($"{name}.indices", indices)], Int("axis", axis));

    /// <summary>
    /// Bilinear resize of the two spatial axes by <paramref name="scale"/> (half-pixel centres, no antialiasing:
    /// TorchSharp's <c>interpolate(…, bilinear, align_corners: false)</c>).
    /// </summary>
    public string ResizeBilinear(string x, float scale, string name) =>
        Node("Resize", name, [x, string.Empty, FloatConstant($"{name}.scales", [1f, 1f, scale, scale], [4])],
            String("mode", "linear"), String("coordinate_transformation_mode", "half_pixel"));

    /// <summary>Flatten to N×rest.</summary>
    public string Flatten(string x, string name) => Node("Flatten", name, [x], Int("axis", 1));

    /// <summary>Softmax over the class axis.</summary>
    public string Softmax(string x, string name) => Node("Softmax", name, [x], Int("axis", 1));

    private string Flatten(string x, Flatten flatten)
    {
        if (flatten.end_dim != -1)
        {
            throw new NotSupportedException($"ONNX export of '{PrefixOf(flatten)}': only Flatten to the last dimension is supported.");
        }

        return Node("Flatten", PrefixOf(flatten), [x], Int("axis", flatten.start_dim));
    }

    private string MaxPool(MaxPool2d pool, string x)
    {
        var padding = pool.padding ?? [0L, 0L];
        var stride = pool.stride ?? pool.kernel_size;
        return Node("MaxPool", PrefixOf(pool), [x],
            Ints("kernel_shape", pool.kernel_size),
            Ints("strides", stride),
            Ints("pads", [padding[0], padding[1], padding[0], padding[1]]),
            Ints("dilations", pool.dilation ?? [1L, 1L]),
            Int("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    private string GlobalAveragePool(AdaptiveAvgPool2d pool, string x)
    {
        if (pool.output_size.Any(s => s != 1))
        {
            throw new NotSupportedException($"ONNX export of '{PrefixOf(pool)}': only AdaptiveAvgPool2d(1) (global average pooling) is supported.");
        }

        return Node("GlobalAveragePool", PrefixOf(pool), [x]);
    }

    private string Gemm(Linear linear, string x)
    {
        var prefix = PrefixOf(linear);
        var inputs = new List<string> { x, Initializer($"{prefix}.weight", linear.weight!) };
        if (linear.bias is not null)
        {
            inputs.Add(Initializer($"{prefix}.bias", linear.bias));
        }

        return Node("Gemm", prefix, inputs, Int("transB", 1));
    }

    // BatchNorm1d over N×C features: y = x·s + t with s = γ/√(σ² + ε), t = β − μ·s (computed in float64).
    private string AffineBatchNorm(BatchNorm1d bn, string x)
    {
        var prefix = PrefixOf(bn);
        using var scope = NewDisposeScope();
        var (gamma, beta) = Affine(bn, prefix);
        var mean = RequireStatistic(bn.running_mean, prefix, "running_mean").to(float64);
        var variance = RequireStatistic(bn.running_var, prefix, "running_var").to(float64);
        var scale = gamma.to(float64) / (variance + bn.eps).sqrt();
        var shift = beta.to(float64) - (mean * scale);
        var scaled = Node("Mul", $"{prefix}.scale", [x, Initializer($"{prefix}.scale", scale)]);
        return Node("Add", prefix, [scaled, Initializer($"{prefix}.shift", shift)]);
    }

    private static (Tensor Scale, Tensor Shift) Affine(NormBase bn, string prefix)
    {
        var n = bn.num_features;
        var scale = bn.weight ?? ones(n);
        var shift = bn.bias ?? zeros(n);
        if (scale.numel() != n || shift.numel() != n)
        {
            throw new InvalidOperationException($"ONNX export of '{prefix}': weight and bias must have {n} entries.");
        }

        return (scale, shift);
    }

    private static Tensor RequireStatistic(Tensor? statistic, string prefix, string name) =>
        statistic ?? throw new NotSupportedException(
            $"ONNX export of '{prefix}': BatchNorm without {name} (track_running_stats = false) has no eval-mode form.");

    private string Node(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Unique(name.Length == 0 ? opType : name);
        var node = new NodeProto { OpType = opType, Name = output, Output = { output } };
        node.Input.AddRange(inputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    private string Initializer(string name, Tensor value)
    {
        using var scope = NewDisposeScope();
        var cpu = value.detach().to(float32).cpu().contiguous();
        var data = cpu.data<float>().ToArray();
        return FloatConstant(name, data, cpu.shape);
    }

    private string FloatConstant(string name, float[] data, long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX export writes little-endian raw tensor data and needs a little-endian machine.");
        }

        var unique = Unique(name);
        var tensor = new TensorProto { Name = unique, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return unique;
    }

    private string Int64Constant(string name, long[] values)
    {
        var unique = Unique(name);
        var tensor = new TensorProto { Name = unique, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { values.LongLength } };
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return unique;
    }

    /// <summary>The module's state-dict prefix (its type name when it is not a sub-module of the root).</summary>
    public string PrefixOf(nn.Module module) => _prefixes.TryGetValue(module, out var prefix) && prefix.Length > 0 ? prefix : module.GetName();

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 1; !_names.Add(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }

        return candidate;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");
        }
    }

    private static ValueInfoProto ValueInfo(string name, IReadOnlyList<long?> dims, string dynamicName)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is { } d ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = dynamicName });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    private static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}

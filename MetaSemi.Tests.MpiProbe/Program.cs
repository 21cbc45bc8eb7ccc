// MpiProbe: one rank of a multi-process check of MetaSemi.Distributed. Launched by the tests as
//   mpiexec -n 2 dotnet MpiProbe.dll <scenario> <output folder>
// Each rank writes <folder>/<scenario>.rank<r>.json; the tests compare those with single-process references.
using System.Diagnostics;
using System.Globalization;
using MetaSemi.Distributed;
using MetaSemi.Tests.Distributed;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MpiProbe <collectives|data-parallel|trainer-metasemi|trainer-cancel|trainer-baseline|trainer-step|data-parallel-syncbn|syncbn|model-mismatch|mpi-error|abort|rank-dies|rank-killed|timing> <output folder> [timing repetitions]");
    return 2;
}

string scenario = args[0];
string folder = args[1];
torch.set_num_threads(1);
MpiCommunicator communicator;
try
{
    communicator = new MpiCommunicator();
}
catch (MpiException e)
{
    Console.Error.WriteLine($"MpiProbe: {e.Message}");
    return 1;
}

using var owned = communicator;
var results = new Dictionary<string, double[]>
{
    ["rank"] = [communicator.Rank],
    ["size"] = [communicator.Size],
};

switch (scenario)
{
    case "collectives":
        Collectives(communicator, results);
        break;
    case "data-parallel":
        DataParallel(communicator, results, syncBatchNorm: false);
        break;
    case "data-parallel-syncbn":
        DataParallel(communicator, results, syncBatchNorm: true);
        break;
    case "syncbn":
        SyncBatchNorm(communicator, results);
        break;
    case "rank-dies":
    case "rank-killed":
        RankDies(communicator, folder, killed: scenario == "rank-killed");
        break;
    case "model-mismatch":
        ModelMismatch(communicator, results);
        break;
    case "abort":
        if (communicator.Rank == 0)
        {
            Console.Error.WriteLine("rank 0: calling MPI_Abort(7)");
            communicator.Abort(7);
        }

        communicator.Barrier();
        Console.Error.WriteLine($"rank {communicator.Rank}: barrier returned after an abort");
        break;
    case "mpi-error":
        MpiError(communicator);
        break;
    case "step":
        StepScaling(communicator, results, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1);
        break;
    case "trainer-metasemi":
        // args: [resume checkpoint or "-"] [steps]
        foreach (var (key, value) in TrainerScenarios.MetaSemiRun(communicator, folder,
            args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : TrainerScenarios.MetaSemiSteps,
            args.Length > 2 && args[2] != "-" ? args[2] : null))
        {
            results[key] = value;
        }

        break;
    case "trainer-cancel":
        // The last rank cancels after step 3 of 20.
        foreach (var (key, value) in TrainerScenarios.MetaSemiRun(communicator, folder, TrainerScenarios.MetaSemiSteps, null, cancelAfterStep: 3))
        {
            results[key] = value;
        }

        break;
    case "trainer-baseline":
        foreach (var (key, value) in TrainerScenarios.BaselineRun(communicator, DistributedScenarios.BatchPerRank))
        {
            results[key] = value;
        }

        break;
    case "trainer-step":
        TrainerStepScaling(communicator, results, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1);
        break;
    case "timing":
        Timing(communicator, results, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10);
        break;
    default:
        Console.Error.WriteLine($"Unknown scenario '{scenario}'.");
        return 2;
}

ProbeResults.Write(ProbeResults.PathFor(folder, scenario, communicator.Rank), results);
communicator.Barrier();
return 0;

static double[] Values(Tensor tensor) => tensor.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();

// .NET raises these from SIGSEGV and SIGFPE: they must stay catchable once MPI (and UCX) are loaded.
static int CatchManagedFaults()
{
    int caught = 0;
    string? missing = Environment.GetEnvironmentVariable("METASEMI_PROBE_NEVER_SET");
    try
    {
        Console.WriteLine(missing!.Length);
    }
    catch (NullReferenceException)
    {
        caught++;
    }

    int zero = missing is null ? 0 : 1;
    try
    {
        Console.WriteLine(1 / zero);
    }
    catch (DivideByZeroException)
    {
        caught++;
    }

    return caught;
}

static void Collectives(MpiCommunicator communicator, Dictionary<string, double[]> results)
{
    int rank = communicator.Rank;
    results["cuda_aware"] = [communicator.IsCudaAware ? 1 : 0];
    results["managed_faults_caught"] = [CatchManagedFaults()];

    using var f64 = tensor(DistributedScenarios.ReduceInput(rank));
    communicator.AllReduceSum(f64);
    results["sum_f64"] = Values(f64);

    using var f32 = tensor(DistributedScenarios.ReduceInput(rank), ScalarType.Float32);
    communicator.AllReduceSum(f32);
    results["sum_f32"] = Values(f32);

    using var i64 = tensor(DistributedScenarios.LongInput(rank));
    communicator.AllReduceSum(i64);
    // Doubles hold these sums (below 2^53) exactly.
    results["sum_i64"] = [.. i64.data<long>().ToArray().Select(v => (double)v)];

    using var average = tensor(DistributedScenarios.ReduceInput(rank));
    communicator.AllReduceAverage(average);
    results["average_f64"] = Values(average);

    // A transposed view is not contiguous: the communicator must reduce a copy and write it back.
    using var matrix = tensor(DistributedScenarios.MatrixInput(rank)).reshape(3, 4);
    using var transposed = matrix.t();
    communicator.AllReduceSum(transposed);
    results["sum_transposed"] = Values(matrix);

    using var broadcast = tensor(DistributedScenarios.BroadcastInput(rank));
    communicator.Broadcast(broadcast, root: communicator.Size - 1);
    results["broadcast_from_last"] = Values(broadcast);

    results["all_gather"] = communicator.AllGather(DistributedScenarios.GatherInput(rank));
    communicator.Barrier();
}

static void DataParallel(MpiCommunicator communicator, Dictionary<string, double[]> results, bool syncBatchNorm)
{
    int rank = communicator.Rank;
    // Each rank initialises differently: only the broadcast makes them agree.
    long seed = 1000 + rank;
    using var model = syncBatchNorm
        ? DistributedScenarios.ConvNet(seed, c => new SyncBatchNorm2d(c, communicator))
        : DistributedScenarios.Mlp(seed);
    ParameterBroadcaster.Broadcast(model, communicator);
    using var optimizer = DistributedScenarios.Sgd(model);
    using var reducer = new GradientAllReducer(model, communicator);
    model.train();
    for (int step = 0; step < DistributedScenarios.Steps; step++)
    {
        using var scope = NewDisposeScope();
        var (inputs, labels) = DistributedScenarios.UnionBatch(step, communicator.Size, images: syncBatchNorm);
        var local = inputs.narrow(0, rank * DistributedScenarios.BatchPerRank, DistributedScenarios.BatchPerRank);
        var localLabels = labels.narrow(0, rank * DistributedScenarios.BatchPerRank, DistributedScenarios.BatchPerRank);
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(local), localLabels);
        loss.backward();
        reducer.AllReduce();
        optimizer.step();
    }

    foreach (var (name, values) in DistributedScenarios.State(model))
    {
        results["state." + name] = values;
    }
}

static void SyncBatchNorm(MpiCommunicator communicator, Dictionary<string, double[]> results)
{
    int rank = communicator.Rank;
    int start = DistributedScenarios.SyncBatchStart(rank);
    int size = DistributedScenarios.SyncBatchSizes[rank];
    using var norm = new SyncBatchNorm2d(3, communicator, dtype: ScalarType.Float64);
    DistributedScenarios.SetAffine(norm);
    norm.train();

    using (var scope = NewDisposeScope())
    {
        var (union, lossWeights) = DistributedScenarios.SyncBatchUnion(0);
        var x = union.narrow(0, start, size).detach().clone().requires_grad_(true);
        var output = norm.forward(x);
        (output * lossWeights.narrow(0, start, size)).sum().backward();
        results["output"] = Values(output);
        results["input_grad"] = Values(x.grad!);
        results["weight_grad"] = Values(norm.weight!.grad!);
        results["bias_grad"] = Values(norm.bias!.grad!);
    }

    using (var scope = NewDisposeScope())
    {
        var (union, _) = DistributedScenarios.SyncBatchUnion(1);
        norm.forward(union.narrow(0, start, size));
    }

    results["running_mean"] = Values(norm.running_mean!);
    results["running_var"] = Values(norm.running_var!);
    results["num_batches_tracked"] = Values(norm.num_batches_tracked!);
    norm.eval();
    using (var scope = NewDisposeScope())
    {
        var (union, _) = DistributedScenarios.SyncBatchUnion(2);
        results["eval_output"] = Values(norm.forward(union.narrow(0, start, size)));
    }
}

static void ModelMismatch(MpiCommunicator communicator, Dictionary<string, double[]> results)
{
    // The last rank builds a different architecture: the broadcast must refuse on every rank.
    using var model = communicator.Rank == communicator.Size - 1 ? DistributedScenarios.ConvNet(1, c => nn.BatchNorm2d(c)) : DistributedScenarios.Mlp(1);
    try
    {
        ParameterBroadcaster.Broadcast(model, communicator);
        results["refused"] = [0];
    }
    catch (InvalidOperationException e)
    {
        Console.Error.WriteLine($"rank {communicator.Rank}: {e.Message}");
        results["refused"] = [1];
    }
}

static void MpiError(MpiCommunicator communicator)
{
    // Rank 0 sends 4 numbers where the others expect 2: MPI reports a truncation, which must arrive as an MpiException.
    using var values = zeros(communicator.Rank == 0 ? 4 : 2);
    try
    {
        communicator.Broadcast(values, root: 0);
        Console.Error.WriteLine($"rank {communicator.Rank}: broadcast returned");
    }
    catch (MpiException e)
    {
        Console.Error.WriteLine($"rank {communicator.Rank}: MpiException: {e.Message}");
        Environment.Exit(5);
    }
}

static void RankDies(MpiCommunicator communicator, string folder, bool killed)
{
    int last = communicator.Size - 1;
    if (communicator.Rank != last)
    {
        File.WriteAllText(Path.Combine(folder, $"rank-dies.rank{communicator.Rank}.waiting"), "waiting in MPI_Allreduce");
    }

    // After this barrier the survivors have written their marker; then the last rank dies.
    communicator.Barrier();
    if (communicator.Rank == last)
    {
        Console.Error.WriteLine($"rank {communicator.Rank}: {(killed ? "killing itself (SIGKILL)" : "exiting with code 3")} without MPI_Finalize");
        if (killed)
        {
            // Like the kernel's OOM killer: no managed or native clean-up at all.
            Process.GetCurrentProcess().Kill();
        }

        Environment.Exit(3);
    }

    // The other ranks wait in a collective that the dead rank never joins.
    Console.Error.WriteLine($"rank {communicator.Rank}: waiting in MPI_Allreduce");
    using var values = ones(1000);
    for (int i = 0; i < 100; i++)
    {
        Thread.Sleep(100);
        communicator.AllReduceSum(values);
    }

    Console.Error.WriteLine($"rank {communicator.Rank}: all-reduces returned although a rank died");
}

static void Timing(MpiCommunicator communicator, Dictionary<string, double[]> results, int repetitions)
{
    // ResNet-18 has 11,689,512 parameters; 1M is a small model's bucket.
    foreach (long elements in new long[] { 1_000_000, 11_689_512 })
    {
        using var buffer = ones(elements, ScalarType.Float32);
        for (int i = 0; i < 2; i++)
        {
            communicator.AllReduceSum(buffer);
        }

        var seconds = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            communicator.Barrier();
            var clock = Stopwatch.StartNew();
            communicator.AllReduceSum(buffer);
            seconds[i] = clock.Elapsed.TotalSeconds;
        }

        double median = Median(seconds);
        results[$"allreduce_seconds_{elements}"] = seconds;
        results[$"allreduce_median_seconds_{elements}"] = [median];
        if (communicator.Rank == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{communicator.Size} ranks, AllReduceSum of {elements} float32 ({elements * 4 / 1e6:F1} MB): median {median * 1e3:F2} ms over {repetitions}, min {seconds[0] * 1e3:F2} ms, max {seconds[^1] * 1e3:F2} ms, {elements * 4 / median / 1e9:F2} GB/s algorithm bandwidth"));
        }
    }

    // The whole GradientAllReducer step (copy 62 gradients in, one all-reduce, average, copy out) for ResNet-18's shapes.
    var parameters = ResNet18ParameterShapes().Select(shape => new TorchSharp.Modules.Parameter(zeros(shape))).ToList();
    foreach (var p in parameters)
    {
        p.grad = ones_like(p);
    }

    using var reducer = new GradientAllReducer(parameters, communicator);
    var stepSeconds = new double[repetitions];
    for (int i = -2; i < repetitions; i++)
    {
        communicator.Barrier();
        var clock = Stopwatch.StartNew();
        reducer.AllReduce();
        if (i >= 0)
        {
            stepSeconds[i] = clock.Elapsed.TotalSeconds;
        }
    }

    double stepMedian = Median(stepSeconds);
    results["reducer_step_seconds_resnet18"] = stepSeconds;
    results["reducer_step_median_seconds_resnet18"] = [stepMedian];
    if (communicator.Rank == 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{communicator.Size} ranks, GradientAllReducer.AllReduce of ResNet-18's {parameters.Count} gradients ({reducer.ElementCount} floats): median {stepMedian * 1e3:F2} ms over {repetitions}, min {stepSeconds[0] * 1e3:F2} ms, max {stepSeconds[^1] * 1e3:F2} ms"));
    }

    foreach (var p in parameters)
    {
        p.Dispose();
    }
}

// A plain supervised SGD step of a small CIFAR-sized CNN, global batch 64 split over the ranks, with
// SyncBatchNorm2d and GradientAllReducer when there is more than one rank: the data-parallel overhead per step.
static void StepScaling(MpiCommunicator communicator, Dictionary<string, double[]> results, int threads)
{
    torch.set_num_threads(threads);
    const int globalBatch = 64, warmup = 3, timed = 15;
    int localBatch = globalBatch / communicator.Size;
    torch.manual_seed(7);
    Func<long, nn.Module<Tensor, Tensor>> norm = c => communicator.Size > 1 ? new SyncBatchNorm2d(c, communicator) : nn.BatchNorm2d(c);
    using var model = nn.Sequential(
        ("conv1", nn.Conv2d(3, 32, 3, padding: 1, bias: false)), ("bn1", norm(32)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(32, 64, 3, padding: 1, bias: false)), ("bn2", norm(64)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("conv3", nn.Conv2d(64, 128, 3, padding: 1, bias: false)), ("bn3", norm(128)), ("relu3", nn.ReLU()),
        ("gap", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(128, 10)));
    ParameterBroadcaster.Broadcast(model, communicator);
    using var optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9, weight_decay: 1e-4);
    using var reducer = new GradientAllReducer(model, communicator);
    model.train();
    var generator = new Generator(100UL + (ulong)communicator.Rank);
    using var inputs = randn([localBatch, 3, 32, 32], generator: generator);
    using var labels = randint(0, 10, [localBatch], generator: generator);
    var stepSeconds = new double[timed];
    var reduceSeconds = new double[timed];
    for (int i = -warmup; i < timed; i++)
    {
        using var scope = NewDisposeScope();
        communicator.Barrier();
        var clock = Stopwatch.StartNew();
        optimizer.zero_grad();
        nn.functional.cross_entropy(model.forward(inputs), labels).backward();
        var reduceClock = Stopwatch.StartNew();
        reducer.AllReduce();
        double reduce = reduceClock.Elapsed.TotalSeconds;
        optimizer.step();
        if (i >= 0)
        {
            stepSeconds[i] = clock.Elapsed.TotalSeconds;
            reduceSeconds[i] = reduce;
        }
    }

    double step = Median(stepSeconds), allReduce = Median(reduceSeconds);
    results["step_median_seconds"] = [step];
    results["gradient_allreduce_median_seconds"] = [allReduce];
    if (communicator.Rank == 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{communicator.Size} process(es) x {threads} thread(s), global batch {globalBatch} ({localBatch} per rank), {reducer.ElementCount} parameters: step median {step * 1e3:F1} ms (min {stepSeconds[0] * 1e3:F1}), gradient all-reduce median {allReduce * 1e3:F2} ms, over {timed} steps"));
    }
}

// A MetaSemi step (finite-difference meta-gradient, mixup) of the trainer itself on the small CNN of
// StepScaling, global batch 64 (64 / ranks labelled + as many unlabelled per rank): its compute time per
// step, and the time of the gradient all-reduce alone on the same parameters.
static void TrainerStepScaling(MpiCommunicator communicator, Dictionary<string, double[]> results, int threads)
{
    torch.set_num_threads(threads);
    const int globalBatch = 64, warmup = 3, timed = 15;
    int localBatch = globalBatch / communicator.Size;
    torch.manual_seed(7);
    using var model = nn.Sequential(
        ("conv1", nn.Conv2d(3, 32, 3, padding: 1, bias: false)), ("bn1", nn.BatchNorm2d(32)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(32, 64, 3, padding: 1, bias: false)), ("bn2", nn.BatchNorm2d(64)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("conv3", nn.Conv2d(64, 128, 3, padding: 1, bias: false)), ("bn3", nn.BatchNorm2d(128)), ("relu3", nn.ReLU()),
        ("gap", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(128, 10)));
    var generator = new Generator(11);
    using var pixels = randint(0, 256, [1024, 3, 32, 32], generator: generator).to(ScalarType.Byte);
    using var labels = randint(0, 10, [1024], generator: generator);
    using var images = new MetaSemi.Data.ImageDataset(pixels.clone(), labels.clone(), [.. Enumerable.Range(0, 10).Select(i => $"c{i}")]);
    var augmentation = new MetaSemi.Data.CropFlipAugmentation(new MetaSemi.Data.Normalization([0.5, 0.5, 0.5], [0.25, 0.25, 0.25]), padding: 4);
    using var stream = new MetaSemi.Data.PairedBatchStream(images, [.. Enumerable.Range(0, 256)], [.. Enumerable.Range(256, 768)], localBatch, augmentation, seed: 3,
        new MetaSemi.Data.PairedStreamOptions { Rank = communicator.Rank, WorldSize = communicator.Size });
    using var trainer = MetaSemi.SemiSupervisedTrainer.Create()
        .WithModel(model)
        .WithData(stream)
        .WithMixup(1.0)
        .WithOptimizer(0.05, 0.9, 1e-4)
        .WithSchedule(MetaSemi.Scheduling.Schedules.Constant())
        .WithDistributed(communicator)
        .Build();
    var compute = new List<double>();
    var wall = new List<double>();
    var clock = Stopwatch.StartNew();
    trainer.FitAsync(warmup + timed, new StepTimes(p =>
    {
        if (p.Step > warmup)
        {
            compute.Add(p.ComputeSeconds);
            wall.Add(clock.Elapsed.TotalSeconds);
        }

        clock.Restart();
    })).GetAwaiter().GetResult();

    // The gradient all-reduce alone, on the trained model's own gradients, as inside the step.
    var reduceSeconds = new double[timed];
    using (var reducer = new GradientAllReducer(model, communicator))
    {
        for (int i = -2; i < timed; i++)
        {
            communicator.Barrier();
            var reduceClock = Stopwatch.StartNew();
            reducer.AllReduce();
            if (i >= 0)
            {
                reduceSeconds[i] = reduceClock.Elapsed.TotalSeconds;
            }
        }
    }

    double step = Median([.. compute]), stepWall = Median([.. wall]), allReduce = Median(reduceSeconds);
    results["trainer_step_median_seconds"] = [step];
    results["trainer_step_wall_median_seconds"] = [stepWall];
    results["gradient_allreduce_median_seconds"] = [allReduce];
    if (communicator.Rank == 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trainer MetaSemi step, {communicator.Size} process(es) x {threads} thread(s), global batch {globalBatch} ({localBatch} labelled + {localBatch} unlabelled per rank): compute median {step * 1e3:F1} ms (min {compute.Min() * 1e3:F1}), step wall median {stepWall * 1e3:F1} ms, gradient all-reduce median {allReduce * 1e3:F2} ms (min {reduceSeconds.Min() * 1e3:F2}), over {timed} steps"));
    }
}

static double Median(double[] values)
{
    Array.Sort(values);
    return values.Length % 2 == 1 ? values[values.Length / 2] : (values[values.Length / 2 - 1] + values[values.Length / 2]) / 2;
}

// torchvision's resnet18: 62 parameter tensors, 11,689,512 elements.
static IEnumerable<long[]> ResNet18ParameterShapes()
{
    yield return [64, 3, 7, 7];
    yield return [64];
    yield return [64];
    long inChannels = 64;
    foreach (long width in new long[] { 64, 128, 256, 512 })
    {
        for (int block = 0; block < 2; block++)
        {
            bool downsample = block == 0 && width != 64;
            yield return [width, block == 0 ? inChannels : width, 3, 3];
            yield return [width];
            yield return [width];
            yield return [width, width, 3, 3];
            yield return [width];
            yield return [width];
            if (downsample)
            {
                yield return [width, inChannels, 1, 1];
                yield return [width];
                yield return [width];
            }
        }

        inChannels = width;
    }

    yield return [1000, 512];
    yield return [1000];
}

/// <summary>Reports on the training thread, at once.</summary>
internal sealed class StepTimes(Action<MetaSemi.TrainingProgress> report) : IProgress<MetaSemi.TrainingProgress>
{
    public void Report(MetaSemi.TrainingProgress value) => report(value);
}

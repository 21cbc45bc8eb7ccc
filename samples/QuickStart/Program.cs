// Quick start placeholder until the quick-start issue lands: proves TorchSharp loads and runs a
// forward and backward pass of a small network on the CPU.
using TorchSharp;
using static TorchSharp.torch;

torch.manual_seed(0);
var device = MetaSemi.TorchDevices.Resolve(args.Length > 0 ? args[0] : "cpu");
using var model = nn.Sequential(
    ("conv", nn.Conv2d(1, 8, 3, padding: 1)),
    ("bn", nn.BatchNorm2d(8)),
    ("relu", nn.ReLU()),
    ("pool", nn.AdaptiveAvgPool2d(1)),
    ("flatten", nn.Flatten()),
    ("fc", nn.Linear(8, 10)));
model.to(device);
using var x = randn(16, 1, 28, 28, device: device);
using var y = randint(0, 10, 16, device: device);
using var logits = model.forward(x);
using var loss = nn.functional.cross_entropy(logits, y);
loss.backward();
var gradNorm = model.parameters().Select(p => p.grad!.pow(2).sum().item<float>()).Sum();
Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version} on {device}: loss {loss.item<float>():F4}, squared gradient norm {gradNorm:F4}");

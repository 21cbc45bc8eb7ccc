using MetaSemi.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Distributed;

public class SyncBatchNormConversionTests
{
    [Fact]
    public void In_a_Sequential_the_layer_is_replaced_under_the_same_name_and_forward_uses_it()
    {
        using var model = DistributedScenarios.ConvNet(3, c => nn.BatchNorm2d(c));
        model.train();
        var before = DistributedScenarios.State(model);
        var mirror = new MirrorCommunicator(2);

        var converted = SyncBatchNormConversion.ConvertBatchNorm2d(model, mirror);

        Assert.Equal(["bn"], converted);
        Assert.IsType<SyncBatchNorm2d>(model.named_children().Single(c => c.name == "bn").module);
        var after = DistributedScenarios.State(model);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        model.forward(torch.randn(4, 2, 4, 4, ScalarType.Float64));
        Assert.Equal(1, mirror.AllReduceCalls);
    }

    [Fact]
    public void Fields_typed_as_Module_and_nested_containers_are_replaced_too()
    {
        using var model = new Holder(typedField: false);
        var mirror = new MirrorCommunicator(2);

        var converted = SyncBatchNormConversion.ConvertBatchNorm2d(model, mirror);

        Assert.Equal(["bn", "block.1"], converted);
        model.train();
        model.forward(torch.randn(4, 2, 4, 4));
        Assert.Equal(2, mirror.AllReduceCalls);
    }

    [Fact]
    public void A_field_declared_BatchNorm2d_is_refused_by_path_and_the_model_is_left_unchanged()
    {
        using var model = new Holder(typedField: true);

        var error = Assert.Throws<InvalidOperationException>(() => SyncBatchNormConversion.ConvertBatchNorm2d(model, new MirrorCommunicator(2)));

        Assert.Contains("'typed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("BatchNorm2d", error.Message, StringComparison.Ordinal);
        Assert.All(model.modules().Where(m => m is BatchNorm), m => Assert.IsType<BatchNorm2d>(m));
    }

    private sealed class Holder : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> conv;
        private readonly nn.Module<Tensor, Tensor> bn;
        private readonly Sequential block;
        private readonly BatchNorm2d? typed;

        public Holder(bool typedField)
            : base(nameof(Holder))
        {
            conv = nn.Conv2d(2, 3, 3, padding: 1);
            bn = nn.BatchNorm2d(3);
            block = nn.Sequential(nn.ReLU(), nn.BatchNorm2d(3));
            typed = typedField ? nn.BatchNorm2d(3) : null;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = block.forward(bn.forward(conv.forward(input)));
            return typed is null ? x : typed.forward(x);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv.Dispose();
                bn.Dispose();
                block.Dispose();
                typed?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

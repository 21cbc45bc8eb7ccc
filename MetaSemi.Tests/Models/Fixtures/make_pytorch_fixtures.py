"""Writes the PyTorch-made weight files that ModelWeightsPyTorchFixtureTests reads.

Run with a real PyTorch (these were made with Debian's python3-torch 1.13.1, which reports 1.13.0a0):
    python3 make_pytorch_fixtures.py
The network is MetaSemi.Models.SmallCnn(numClasses=3, inputChannels=3, width=4) written the
PyTorch way, so its state_dict keys are PyTorch's own.
"""
import torch
from torch import nn


def block(cin, cout, pool):
    layers = [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.LeakyReLU(0.1)]
    if pool:
        layers += [nn.MaxPool2d(2, 2), nn.Dropout2d(0.1)]
    return nn.Sequential(*layers)


class SmallCnn(nn.Module):
    def __init__(self, num_classes=3, in_channels=3, width=4):
        super().__init__()
        self.block1 = block(in_channels, width, True)
        self.block2 = block(width, 2 * width, True)
        self.block3 = block(2 * width, 4 * width, False)
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Linear(4 * width, num_classes))

    def forward(self, x):
        x = self.block3(self.block2(self.block1(x)))
        return self.classifier(self.avg_pool(x).flatten(1))


torch.manual_seed(2021)
model = SmallCnn()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
model.train()
for _ in range(3):  # move weights and BatchNorm statistics away from their initial values
    x = torch.randn(8, 3, 16, 16) * 2 + 0.5
    loss = model(x).logsumexp(1).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

model.eval()
x = torch.randn(5, 3, 16, 16)
with torch.no_grad():
    y = model(x)

torch.save(model.state_dict(), "pytorch_small_cnn.pth")
# The reference's checkpoint layout.
torch.save({"step": 3, "model": model.state_dict(), "best_acc": 12.5, "optimizer": optimizer.state_dict()},
           "pytorch_small_cnn_checkpoint.pth")
torch.save({"x": x, "y": y}, "pytorch_small_cnn_io.pth")
print("torch", torch.__version__, "keys", len(model.state_dict()))

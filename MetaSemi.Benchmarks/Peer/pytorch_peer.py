#!/usr/bin/env python3
"""PyTorch peer of the training-step benchmarks (issue 16), written from docs/design.md §2, not from the
reference's code. Times the same steps on the same shapes as MetaSemi.Benchmarks' TrainingStep and
MetaStep suites, in eager PyTorch, and prints one JSON object per case (median of --steps steps after
--warmup steps, milliseconds). Needs Debian's python3-torch; neither the product nor CI needs it.

  python3 pytorch_peer.py --threads 1 --network small-cnn --case metasemi-fd-mixup
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LEAKY = 0.1


def block(cin, cout, pool, dropout):
    layers = [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.LeakyReLU(LEAKY, inplace=True)]
    if pool:
        layers.append(nn.MaxPool2d(2, 2))
        if dropout > 0:
            layers.append(nn.Dropout2d(dropout))
    return nn.Sequential(*layers)


class SmallCnn(nn.Module):
    """MetaSemi.Models.SmallCnn: three conv blocks (width w, 2w, 4w), global average pool, linear."""

    def __init__(self, classes=10, channels=1, width=32, dropout=0.1):
        super().__init__()
        self.block1 = block(channels, width, True, dropout)
        self.block2 = block(width, 2 * width, True, dropout)
        self.block3 = block(2 * width, 4 * width, False, dropout)
        self.classifier = nn.Linear(4 * width, classes)

    def forward(self, x):
        x = self.block3(self.block2(self.block1(x)))
        return self.classifier(F.adaptive_avg_pool2d(x, 1).flatten(1))


def conv_bn(cin, cout, k, pad):
    return [nn.Conv2d(cin, cout, k, padding=pad, bias=False), nn.BatchNorm2d(cout), nn.LeakyReLU(LEAKY)]


class ConvLarge(nn.Module):
    """docs/design.md §4 ConvLarge (stochastic: Dropout2d 0.5 after each max-pool)."""

    def __init__(self, classes=10, channels=3):
        super().__init__()
        self.block1 = nn.Sequential(*conv_bn(channels, 128, 3, 1), *conv_bn(128, 128, 3, 1), *conv_bn(128, 128, 3, 1),
                                    nn.MaxPool2d(2, 2), nn.Dropout2d(0.5))
        self.block2 = nn.Sequential(*conv_bn(128, 256, 3, 1), *conv_bn(256, 256, 3, 1), *conv_bn(256, 256, 3, 1),
                                    nn.MaxPool2d(2, 2), nn.Dropout2d(0.5))
        self.block3 = nn.Sequential(*conv_bn(256, 512, 3, 0), *conv_bn(512, 256, 1, 0), *conv_bn(256, 128, 1, 0))
        self.classifier = nn.Linear(128, classes)

    def forward(self, x):
        x = self.block3(self.block2(self.block1(x)))
        return self.classifier(F.adaptive_avg_pool2d(x, 1).flatten(1))


NETWORKS = {
    "small-cnn": (lambda: SmallCnn(), 64, (1, 28, 28)),
    "convlarge": (lambda: ConvLarge(), 32, (3, 32, 32)),
}


def kl_batchmean(logits, target):
    # KL(target ‖ softmax(logits)), 0·log 0 = 0, summed over classes, mean over the batch.
    logp = F.log_softmax(logits, 1)
    t = target
    return (torch.where(t > 0, t * (torch.log(t.clamp_min(1e-38)) - logp), torch.zeros_like(t))).sum(1).mean()


def mixup(a, b, lam):
    shape = [-1] + [1] * (a.dim() - 1)
    lam = lam.view(shape)
    return lam * a + (1 - lam) * b


def project(y):
    y = F.relu(y)
    s = y.sum(1, keepdim=True)
    return torch.where(s > 0, y / torch.where(s > 0, s, torch.ones_like(s)), y)


def meta_fd(model, params, xl, yl, xu, lr, eps0=1e-2):
    model.eval()
    loss = F.cross_entropy(model(xl), yl)
    g = torch.autograd.grad(loss, params)
    with torch.no_grad():
        p = F.softmax(model(xu), 1)
        norm = torch.sqrt(sum((gi * gi).sum() for gi in g))
        eps = eps0 / norm
        for w, gi in zip(params, g):
            w.add_(gi, alpha=eps.item())
        pp = F.softmax(model(xu), 1)
        for w, gi in zip(params, g):
            w.sub_(gi, alpha=2 * eps.item())
        pm = F.softmax(model(xu), 1)
        for w, gi in zip(params, g):
            w.add_(gi, alpha=eps.item())
        G = (pp - pm) / eps
        y = project(p - lr * G)
    return y


def meta_exact(model, params, xl, yl, xu, lr):
    model.eval()
    loss = F.cross_entropy(model(xl), yl)
    g = torch.autograd.grad(loss, params)
    # One unlabelled forward with a graph: p is its softmax, detached (what MetaSemi.NET does since issue 16).
    pu = F.softmax(model(xu), 1)
    p = pu.detach()
    yhat = p.clone().requires_grad_(True)
    cons = ((pu - yhat) ** 2).sum(1).mean()
    gt = torch.autograd.grad(cons, params, create_graph=True)
    dot = sum((a * b).sum() for a, b in zip(gt, g))
    (dy,) = torch.autograd.grad(dot, yhat)
    G = -xu.shape[0] * dy
    return project(p.detach() - lr * G).detach()


def make_step(case, model, opt, batch, classes, gen):
    params = [p for p in model.parameters()]
    xl, yl, xu = batch
    lr = 0.01
    onehot = F.one_hot(yl, classes).float()

    def supervised_mixup():
        model.eval()
        with torch.no_grad():
            labeled_logits = model(xl)
        model.train()
        perm = torch.randperm(xl.shape[0], generator=gen)
        lam = torch.distributions.Beta(1.0, 1.0).sample((xl.shape[0],))
        loss = kl_batchmean(model(mixup(xl, xl[perm], lam)), mixup(onehot, onehot[perm], lam))
        label_loss = F.cross_entropy(labeled_logits, yl)
        opt.zero_grad()
        loss.backward()
        torch.stack([loss.detach(), label_loss]).tolist()
        opt.step()

    def metasemi(meta):
        def step():
            y = meta(model, params, xl, yl, xu, lr)
            model.train()
            lam = torch.distributions.Beta(1.0, 1.0).sample((xl.shape[0],))
            interp = kl_batchmean(model(mixup(xl, xu, lam)), mixup(onehot, y, lam))
            cons = ((F.softmax(model(xu), 1) - y) ** 2).sum(1).mean()
            loss = interp + cons
            opt.zero_grad()
            loss.backward()
            torch.stack([loss.detach(), interp.detach(), cons.detach()]).tolist()
            opt.step()
        return step

    def eval_forward():
        # One eval-mode forward of the unlabelled batch under no_grad (StepLeverBenchmarks.EvalForward_NoGrad).
        model.eval()
        with torch.no_grad():
            model(xu)
        model.train()

    def meta_only(meta):
        # The meta step alone (MetaStepBenchmarks.FiniteDifference / Exact, lr 0.1): eval mode, then back to train.
        def step():
            meta(model, params, xl, yl, xu, 0.1)
            model.train()
        return step

    return {
        "meta-fd": meta_only(meta_fd),
        "meta-exact": meta_only(meta_exact),
        "eval-forward": eval_forward,
        "supervised-mixup": supervised_mixup,
        "metasemi-fd-mixup": metasemi(meta_fd),
        "metasemi-exact-mixup": metasemi(meta_exact),
    }[case]


def time_it(fn, warmup, steps):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times), max(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--network", default="small-cnn", choices=list(NETWORKS))
    ap.add_argument("--case", default="metasemi-fd-mixup",
                    choices=["meta-fd", "meta-exact", "eval-forward", "supervised-mixup", "metasemi-fd-mixup", "metasemi-exact-mixup", "conv3x3", "batchnorm"])
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--steps", type=int, default=20)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    if a.case in ("conv3x3", "batchnorm"):
        # The library-level probes: one 3×3 convolution 128→128 on 32×32, batch 32, and one BatchNorm2d forward (train mode) on the same tensor.
        x = torch.randn(32, 128, 32, 32)
        conv = nn.Conv2d(128, 128, 3, padding=1, bias=False)
        bn = nn.BatchNorm2d(128)
        with torch.no_grad():
            fn = (lambda: conv(x)) if a.case == "conv3x3" else (lambda: bn(x))
            med, lo, hi = time_it(fn, a.warmup, a.steps)
    else:
        factory, b, shape = NETWORKS[a.network]
        model = factory()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
        batch = (torch.randn(b, *shape), torch.randint(0, 10, (b,)), torch.randn(b, *shape))
        fn = make_step(a.case, model, opt, batch, 10, gen)
        med, lo, hi = time_it(fn, a.warmup, a.steps)
    print(json.dumps({"peer": "pytorch " + torch.__version__, "case": a.case, "network": a.network, "threads": a.threads,
                      "median_ms": round(med, 2), "min_ms": round(lo, 2), "max_ms": round(hi, 2),
                      "loadavg": open("/proc/loadavg").read().split()[:3]}))


if __name__ == "__main__":
    main()

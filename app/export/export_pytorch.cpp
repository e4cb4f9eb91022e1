// The model as a PyTorch script: the same network as torch.nn.Sequential (an input-transform module first), the
// trained weights, the loss, optimizer and batch settings of the app, and the training set, so a user can carry on
// training in PyTorch. Run as a script it prints predictions for a few training inputs and the training loss.
#include "app/export/export_writers.h"
#include <QJsonArray>
#include <QJsonDocument>

namespace app::writers {
namespace {

constexpr engine::Index kMaxEmbeddedNumbers = 300'000;  // about 6 MB of text; larger sets are left out
constexpr engine::Index kSamples = 5;                   // inputs whose predictions the script prints

QString pyList(const engine::Vector& v) {
    QStringList parts;
    for (engine::Index i = 0; i < v.size(); ++i) parts << num(v[i]);
    return "[" + parts.join(", ") + "]";
}

// Columns of M as Python rows, one per line.
QString pyRows(const engine::Matrix& M, engine::Index cols, const QString& indent) {
    QString out;
    for (engine::Index c = 0; c < cols; ++c) out += indent + pyList(M.col(c)) + ",\n";
    return out;
}

QString pyStrings(const QStringList& list) {
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QString pyComment(QString s) { return s.replace('\n', ' ').replace('\r', ' '); }

QString moduleFor(engine::Activation f) {
    using engine::Activation;
    switch (f) {
    case Activation::Step: return "Step()";
    case Activation::Identity: return "nn.Identity()";
    case Activation::Sigmoid: return "nn.Sigmoid()";
    case Activation::Tanh: return "nn.Tanh()";
    case Activation::ReLU: return "nn.ReLU()";
    case Activation::LeakyReLU: return QString("nn.LeakyReLU(%1)").arg(num(engine::kLeakyReluSlope));
    case Activation::ELU: return QString("nn.ELU(alpha=%1)").arg(engine::kEluAlpha, 0, 'f', 1);
    case Activation::Softplus: return "nn.Softplus()";
    case Activation::Sine: return "Sine()";
    case Activation::Softmax: return "nn.Softmax(dim=1)";
    }
    return "nn.Identity()";
}

// The loss NN Lab minimises, on logits where NN Lab fuses the output activation with the loss.
QString lossBody(const ExportedModel& m) {
    const engine::Activation out = m.layers.back().activation;
    switch (m.loss) {
    case engine::Loss::MSE: return "    return F.mse_loss(model(x), y)\n";
    case engine::Loss::BinaryCrossEntropy:
        if (out == engine::Activation::Sigmoid)
            return "    return F.binary_cross_entropy_with_logits(model[:-1](x), y)  # = BCELoss(sigmoid(z)), stable\n";
        return "    return F.binary_cross_entropy(model(x), y)  # log terms clamped at -100, as NN Lab\n";
    case engine::Loss::SoftmaxCrossEntropy:
        if (out == engine::Activation::Softmax)
            return "    return F.cross_entropy(model[:-1](x), y)  # softmax + cross-entropy on the logits; y one-hot\n";
        return "    a = model(x)\n"
               "    return -(y * torch.log(a.clamp(min=0)).clamp(min=-100)).sum(dim=1).mean()\n";
    }
    return "    return F.mse_loss(model(x), y)\n";
}

QString optimizerExpr(const engine::OptimizerSettings& o) {
    const QString lr = num(o.learningRate);
    const QString betas = QString("betas=(%1, %2), eps=%3").arg(num(o.beta1), num(o.beta2), num(o.epsilon));
    switch (o.kind) {
    case engine::OptimizerKind::SGD: return QString("torch.optim.SGD(groups, lr=%1)").arg(lr);
    case engine::OptimizerKind::Momentum:
        return QString("torch.optim.SGD(groups, lr=%1, momentum=%2)").arg(lr, num(o.momentum));
    case engine::OptimizerKind::Nesterov:
        return QString("torch.optim.SGD(groups, lr=%1, momentum=%2, nesterov=True)").arg(lr, num(o.momentum));
    case engine::OptimizerKind::AdaGrad:
        return QString("torch.optim.Adagrad(groups, lr=%1, eps=%2)").arg(lr, num(o.adagradEpsilon));
    case engine::OptimizerKind::RMSProp:
        return QString("torch.optim.RMSprop(groups, lr=%1, alpha=%2, eps=%3)").arg(lr, num(o.alpha), num(o.epsilon));
    case engine::OptimizerKind::Adam: return QString("torch.optim.Adam(groups, lr=%1, %2)").arg(lr, betas);
    case engine::OptimizerKind::NAdam:
        return QString("torch.optim.NAdam(groups, lr=%1, %2, momentum_decay=%3)").arg(lr, betas, num(o.momentumDecay));
    }
    return QString("torch.optim.SGD(groups, lr=%1)").arg(lr);
}

}  // namespace

QByteArray pytorch(const ExportedModel& m, const QString& fileName) {
    const engine::TrainSettings& st = m.settings;
    QString s = "#!/usr/bin/env python3\nr\"\"\"";
    s += pyComment(m.title.isEmpty() ? QString("A neural network") : m.title).replace("\"\"\"", "'''") +
         ", exported from " + m.producer + ".\n\n";
    s += "Network: " + pyComment(m.summary()) + "\n";
    s += "Output:  " + pyComment(m.outputMeaning()) + "\n";
    s += m.trained ? QString("Trained in NN Lab for %1 epochs (%2 updates).\n").arg(m.epochs).arg(m.steps)
                   : QString("UNTRAINED: these are the initial weights.\n");
    const QString file = pyComment(fileName).remove('"');
    s += "\nRun:         python3 " + file +
         "\n"
         "             rebuilds the network, loads the weights, and prints predictions for a few training inputs\n"
         "             and the loss on the training set\n"
         "Train more:  python3 " +
         file +
         " --epochs 100 [--save weights.pt]\n"
         "             continues with NN Lab's loss, optimizer and batch settings on the training set in this file\n"
         "             (the optimizer's state starts fresh, and the shuffling differs from NN Lab's).\n"
         "Needs PyTorch (Debian: apt install python3-torch; or pip install torch).\n\"\"\"\n";
    s += "import argparse\n\nimport torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n";
    s += "# NN Lab computes in double precision; float32 is faster (and on a GPU, usual) once you train further.\n";
    s += "DTYPE = torch.float64\ntorch.set_default_dtype(DTYPE)\n\n";
    s += "RAW_INPUTS = " + pyStrings(m.rawNames) + "  # what the model takes, one row per sample\n";
    s += "NETWORK_INPUTS = " + pyStrings(m.networkInputNames()) + "  # what the first Linear layer sees\n";
    s += "CLASSES = " + pyStrings(m.classNames) + "\n\n\n";

    // The input transform: features, then standardisation.
    s += "class InputTransform(nn.Module):\n";
    s += "    \"\"\"Raw inputs -> NN Lab's input features -> standardised: (f - mean) / std.\"\"\"\n\n";
    s += "    def __init__(self):\n        super().__init__()\n";
    if (m.standardizes()) {
        s += "        # Fitted on the training set (population std; a constant feature keeps std 1).\n";
        s += "        self.register_buffer(\"mean\", torch.tensor(" + pyList(m.mean) + ", dtype=DTYPE))\n";
        s += "        self.register_buffer(\"std\", torch.tensor(" + pyList(m.stddev) + ", dtype=DTYPE))\n";
    }
    s += "\n    def forward(self, x):\n";
    if (m.usesFeatures()) {
        QStringList cols;
        for (engine::Feature f : m.features) cols << featureExpression(f, "torch.");
        s += "        x1, x2 = x[:, 0], x[:, 1]\n";
        s += "        f = torch.stack([" + cols.join(", ") + "], dim=1)\n";
    } else {
        s += "        f = x\n";
    }
    s += m.standardizes() ? "        return (f - self.mean) / self.std\n\n\n" : "        return f\n\n\n";

    bool step = false, sine = false;
    for (const ExportedLayer& l : m.layers) {
        step |= l.activation == engine::Activation::Step;
        sine |= l.activation == engine::Activation::Sine;
    }
    if (step)
        s += "class Step(nn.Module):\n"
             "    \"\"\"Heaviside step: 1 where z >= 0, else 0. Its gradient is 0, so the layers before it do not "
             "learn.\"\"\"\n\n"
             "    def forward(self, z):\n        return (z >= 0).to(z.dtype)\n\n\n";
    if (sine)
        s += "class Sine(nn.Module):\n    \"\"\"a = sin(z).\"\"\"\n\n    def forward(self, z):\n        return "
             "torch.sin(z)\n\n\n";

    // A dense stack is written as before; typed layers add Conv2d (whose weights load and train like Linear's).
    const bool typed = !m.isDenseOnly();
    const QString weighted = typed ? "(nn.Linear, nn.Conv2d)" : "nn.Linear";
    if (typed) {
        s += "def build_model():\n    \"\"\"The network: [InputTransform, Unflatten to (channels, height, width) for "
             "an image input,\n    then the layers (Conv2d, MaxPool2d, AvgPool2d, Flatten, Linear) with their "
             "activations].\"\"\"\n";
        s += "    return nn.Sequential(\n        InputTransform(),\n";
        // Back to (N, C, H, W) from the flat input (or from a dense layer's vector).
        const auto unflatten = [](const engine::Shape& shape) {
            return QString("        nn.Unflatten(1, (%1, %2, %3)),\n")
                .arg(shape.channels)
                .arg(shape.height)
                .arg(shape.width);
        };
        if (m.inputShape.isImage()) s += unflatten(m.inputShape);
        bool image = m.inputShape.isImage();  // whether the tensor is (N, C, H, W) here
        for (const ExportedLayer& l : m.layers) {
            switch (l.kind) {
            case engine::LayerKind::Dense:
                // A dense layer reads an image flat, channel by channel, row by row: torch.flatten(x, 1).
                if (image) s += "        nn.Flatten(),\n";
                image = false;
                s +=
                    QString("        nn.Linear(%1, %2), %3,\n").arg(l.inputs).arg(l.units).arg(moduleFor(l.activation));
                break;
            case engine::LayerKind::Conv:
                if (!image) s += unflatten(l.in);
                image = true;
                s += QString("        nn.Conv2d(%1, %2, %3, stride=%4, padding=%5), %6,\n")
                         .arg(l.in.channels)
                         .arg(l.out.channels)
                         .arg(l.kernel)
                         .arg(l.stride)
                         .arg(l.padding)
                         .arg(moduleFor(l.activation));
                break;
            case engine::LayerKind::MaxPool:
            case engine::LayerKind::AvgPool:
                if (!image) s += unflatten(l.in);
                image = true;
                s += QString("        nn.%1(%2, stride=%3),\n")
                         .arg(l.kind == engine::LayerKind::MaxPool ? "MaxPool2d" : "AvgPool2d")
                         .arg(l.kernel)
                         .arg(l.stride);
                break;
            case engine::LayerKind::Flatten:
                s += "        nn.Flatten(),\n";
                image = false;
                break;
            }
        }
        s += "    )\n\n\n";
        s += "# Per Linear or Conv2d layer, in order: (weight, bias). Linear: weight[j][i] is the weight from\n"
             "# input i to unit j (z = W a + b). Conv2d: weight[o][c][i][j] is row i, column j of the kernel of\n"
             "# output channel o on input channel c.\n";
    } else {
        s += "def build_model():\n    \"\"\"The network: [InputTransform, Linear, activation, Linear, activation, "
             "...].\"\"\"\n";
        s += "    return nn.Sequential(\n        InputTransform(),\n";
        for (const ExportedLayer& l : m.layers)
            s += QString("        nn.Linear(%1, %2), %3,\n").arg(l.inputs).arg(l.units).arg(moduleFor(l.activation));
        s += "    )\n\n\n";
        s += "# Per Linear layer: (weight, bias); weight[j][i] is the weight from input i to unit j (z = W a + b).\n";
    }
    s += "WEIGHTS = [\n";
    for (const ExportedLayer& l : m.layers) {
        if (l.kind == engine::LayerKind::Conv) {
            s += "    (\n        [\n";
            for (int o = 0; o < l.out.channels; ++o) {
                s += "            [\n";
                for (int c = 0; c < l.in.channels; ++c) {
                    QStringList rows;
                    for (int i = 0; i < l.kernel; ++i) {
                        engine::Vector row(l.kernel);
                        for (int j = 0; j < l.kernel; ++j) row[j] = l.convWeight(o, c, i, j);
                        rows << pyList(row);
                    }
                    s += "                [" + rows.join(", ") + "],\n";
                }
                s += "            ],\n";
            }
            s += "        ],\n        " + pyList(l.b) + ",\n    ),\n";
            continue;
        }
        if (!l.isDense()) continue;
        s += "    (\n        [\n" + pyRows(l.W.transpose(), l.units, "            ") + "        ],\n";
        s += "        " + pyList(l.b) + ",\n    ),\n";
    }
    s += "]\n\n\n";
    s += "def load_weights(model):\n";
    s += "    linears = [layer for layer in model if isinstance(layer, " + weighted + ")]\n";
    s += "    with torch.no_grad():\n";
    s += "        for layer, (weight, bias) in zip(linears, WEIGHTS):\n";
    s += "            layer.weight.copy_(torch.tensor(weight, dtype=DTYPE))\n            "
         "layer.bias.copy_(torch.tensor(bias, dtype=DTYPE))\n";
    s += "    return model\n\n\n";

    // Training as set up in the app.
    s += "# Training as set up in NN Lab.\n";
    s += QString("LOSS = \"%1\"\n").arg(QString::fromStdString(engine::lossName(m.loss)));
    s += QString("MODE = \"%1\"  # full_batch: one update per epoch; mini_batch: per BATCH_SIZE samples; online: per "
                 "sample\n")
             .arg(QString::fromStdString(engine::updateModeName(st.mode)));
    s += QString("BATCH_SIZE = %1\nL1 = %2  # penalty L1 * sum |w| on the weights (not the biases)\n"
                 "L2 = %3  # penalty (L2 / 2) * sum w^2 on the weights: the optimizer's weight_decay\nSEED = %4\n")
             .arg(st.batchSize)
             .arg(num(st.l1), num(st.l2))
             .arg(st.seed);
    if (st.algorithm != engine::Algorithm::Backprop)
        s += "# NN Lab trained this network without backpropagation (a lesson's algorithm); PyTorch uses backprop.\n";
    s += "\n\ndef loss_fn(model, x, y):\n    \"\"\"NN Lab's loss (" +
         QString::fromStdString(engine::lossFormula(m.loss)) + "), without the L1/L2 penalty.\"\"\"\n" + lossBody(m) +
         "\n\n";
    s += "def make_optimizer(model):\n";
    s += "    linears = [layer for layer in model if isinstance(layer, " + weighted + ")]\n";
    s += "    groups = [{\"params\": [layer.weight for layer in linears], \"weight_decay\": L2},\n"
         "              {\"params\": [layer.bias for layer in linears], \"weight_decay\": 0.0}]\n";
    s += "    return " + optimizerExpr(st.optimizer) + "\n\n\n";
    s += "def penalty(model):\n";
    s += "    if L1 == 0:\n        return 0.0\n";
    s += "    return L1 * sum(layer.weight.abs().sum() for layer in model if isinstance(layer, " + weighted +
         "))\n\n\n";

    // The data.
    const engine::Index n = m.trainX.cols();
    const bool embed = n > 0 && (m.trainX.size() + m.trainY.size()) <= kMaxEmbeddedNumbers;
    if (embed) {
        s += QString("# The training set (%1 samples): raw inputs, and targets as the network learns them%2.\n")
                 .arg(n)
                 .arg(m.task == engine::Task::Regression ? QString()
                      : m.outputs() > 1                  ? QString(" (one-hot)")
                      : m.signedTargets                  ? QString(" (-1 for class 0, +1 for class 1)")
                                                         : QString(" (0 or 1)"));
        s += "TRAIN_X = [\n" + pyRows(m.trainX, n, "    ") + "]\n";
        s += "TRAIN_Y = [\n" + pyRows(m.trainY, n, "    ") + "]\n";
    } else {
        s += n == 0 ? "# The project has no training data.\n"
                    : QString("# The training set (%1 samples) is too large to embed here: load it yourself.\n").arg(n);
        s += "TRAIN_X = []\nTRAIN_Y = []\n";
    }
    const engine::Index samples = std::min(kSamples, n);
    s += "SAMPLE_X = [\n" +
         (samples ? pyRows(m.trainX, samples, "    ") : "    " + pyList(engine::Vector::Zero(m.rawInputs)) + ",\n") +
         "]\n\n\n";

    s += "def train(model, epochs):\n";
    s += "    x, y = torch.tensor(TRAIN_X, dtype=DTYPE), torch.tensor(TRAIN_Y, dtype=DTYPE)\n";
    s += "    n = len(x)\n";
    s += "    batch = {\"full_batch\": n, \"mini_batch\": BATCH_SIZE, \"online\": 1}[MODE]\n";
    s += "    optimizer = make_optimizer(model)\n";
    s += "    generator = torch.Generator().manual_seed(SEED)\n";
    s += "    for epoch in range(epochs):\n";
    s += "        order = torch.arange(n) if MODE == \"full_batch\" else torch.randperm(n, generator=generator)\n";
    s += "        for start in range(0, n, batch):\n";
    s += "            idx = order[start:start + batch]\n";
    s += "            optimizer.zero_grad()\n";
    s += "            loss = loss_fn(model, x[idx], y[idx]) + penalty(model)\n";
    s += "            loss.backward()\n            optimizer.step()\n";
    s += "        with torch.no_grad():\n";
    s += "            print(f\"epoch {epoch + 1}: training loss {loss_fn(model, x, y).item():.6g}\")\n\n\n";

    s += "def main(argv=None):\n";
    s += "    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])\n";
    s += "    parser.add_argument(\"--epochs\", type=int, default=0, help=\"train this many more epochs\")\n";
    s += "    parser.add_argument(\"--save\", help=\"save the weights (a state_dict) to this file\")\n";
    s += "    args = parser.parse_args(argv)\n";
    s += "    model = load_weights(build_model())\n";
    s += "    with torch.no_grad():\n";
    s += "        x = torch.tensor(SAMPLE_X, dtype=DTYPE)\n        y = model(x)\n";
    s += "    print(\"predictions:\")\n";
    s += "    for xi, yi in zip(x.tolist(), y.tolist()):\n";
    s +=
        "        print(\"  input\", \" \".join(repr(v) for v in xi), \"-> output\", \" \".join(repr(v) for v in yi))\n";
    s += "    if TRAIN_X:\n        with torch.no_grad():\n";
    s += "            loss = loss_fn(model, torch.tensor(TRAIN_X, dtype=DTYPE), torch.tensor(TRAIN_Y, "
         "dtype=DTYPE)).item()\n";
    s += "        print(\"training loss:\", repr(loss))\n";
    s += "    if args.epochs > 0:\n";
    s += "        if not TRAIN_X:\n            parser.error(\"this file holds no training data\")\n";
    s += "        train(model, args.epochs)\n";
    s += "    if args.save:\n        torch.save(model.state_dict(), args.save)\n\n\n";
    s += "if __name__ == \"__main__\":\n    main()\n";
    return s.toUtf8();
}

}  // namespace app::writers

/**
 * model.py of a PyTorch export: Inklab's models in torch.nn, modules named as in the model
 * summary, and a safetensors reader and writer, so the folder needs nothing but PyTorch.
 * Layouts: activations NCHW (the tfjs model's are NHWC), kernels OIHW (tfjs: HWIO), dense
 * weights [out, in] (tfjs: [in, out]); features are flattened in tfjs's (H, W, C) order, and
 * 'same' padding pads as TensorFlow does (the extra pixel after, for stride 2).
 */
/** The model classes model.py defines, by Inklab's names. */
export const PYTORCH_MODEL_CLASSES = [
  'MLP',
  'CNN',
  'ResNet',
  'LineCNNSimple',
  'LineCNN',
  'LineCNNTransformer',
];

export const MODEL_PY = `"""Inklab models in PyTorch, exported with their weights (weights.safetensors).

    import model
    net, mapping = model.load(".")          # eval mode, class probabilities out
    probabilities = net(images)             # images: float N x 1 x H x W in [0, 1], ink 1

Needs only PyTorch. build(folder) gives the same model with logits out, for training.
"""
import json
import math
import struct
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

WEIGHTS_FILE = "weights.safetensors"


def read_safetensors(path):
    """The F32 tensors and the metadata of a safetensors file."""
    data = Path(path).read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    metadata = header.pop("__metadata__", {})
    body = bytearray(data[8 + size :])
    tensors = {}
    for name, spec in header.items():
        if spec["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {spec['dtype']}, expected F32")
        begin, end = spec["data_offsets"]
        flat = torch.frombuffer(body, dtype=torch.float32, count=(end - begin) // 4, offset=begin)
        tensors[name] = flat.clone().reshape(spec["shape"])
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Writes F32 tensors (contiguous, little-endian) and string metadata, atomically."""
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name, tensor in tensors.items():
        blob = tensor.detach().to(torch.float32).contiguous().cpu().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for blob in blobs:
            out.write(blob)
    temporary.replace(path)


def same_padding(size, kernel, stride):
    """TensorFlow's 'same' padding of one dimension: (before, after)."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SameConv2d(nn.Conv2d):
    """A convolution with TensorFlow's 'same' padding."""

    def forward(self, x):
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        top, bottom = same_padding(x.shape[2], kh, sh)
        left, right = same_padding(x.shape[3], kw, sw)
        return super().forward(F.pad(x, (left, right, top, bottom)))


def nhwc_flatten(x):
    """Flattens as the tfjs model does: height, width, then channels."""
    return x.permute(0, 2, 3, 1).flatten(1)


class MLP(nn.Module):
    def __init__(self, height, width, classes, fc1, fc2, fc_dropout, **_):
        super().__init__()
        self.fc1 = nn.Linear(height * width, fc1)
        self.dropout1 = nn.Dropout(fc_dropout)
        self.fc2 = nn.Linear(fc1, fc2)
        self.dropout2 = nn.Dropout(fc_dropout)
        self.fc3 = nn.Linear(fc2, classes)

    def forward(self, x):
        x = self.dropout1(F.relu(self.fc1(nhwc_flatten(x))))
        x = self.dropout2(F.relu(self.fc2(x)))
        return self.fc3(x)


class CNN(nn.Module):
    """The lab's CNN: two 3x3 conv + ReLU, 2x2 max pool, dropout, ReLU dense, dense."""

    def __init__(self, height, width, classes, conv_dim, fc_dim, fc_dropout, **_):
        super().__init__()
        self.conv1 = SameConv2d(1, conv_dim, 3)
        self.conv2 = SameConv2d(conv_dim, conv_dim, 3)
        self.max_pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(fc_dropout)
        self.fc1 = nn.Linear((height // 2) * (width // 2) * conv_dim, fc_dim)
        self.fc2 = nn.Linear(fc_dim, classes)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = self.dropout(self.max_pool(x))
        return self.fc2(F.relu(self.fc1(nhwc_flatten(x))))


class LineCNNSimple(nn.Module):
    """The CNN read across a line in windows: N x limit_output_length x classes logits."""

    def __init__(self, height, width, classes, conv_dim, fc_dim, fc_dropout, window_width, window_stride, limit_output_length, **_):
        super().__init__()
        self.limit = limit_output_length
        self.conv1 = SameConv2d(1, conv_dim, 3)
        self.conv2 = SameConv2d(conv_dim, conv_dim, 3)
        self.max_pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(fc_dropout)
        self.fc1 = nn.Conv2d(conv_dim, fc_dim, (height // 2, window_width // 2), stride=(1, window_stride // 2))
        self.fc2 = nn.Linear(fc_dim, classes)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = F.relu(self.fc1(self.dropout(self.max_pool(x))))
        return self.fc2(x[:, :, 0, : self.limit].permute(0, 2, 1))


class LineCNN(nn.Module):
    """Three 3x3 convs (two of stride 2), a window convolution, dense: N x steps x classes logits for CTC."""

    def __init__(self, height, width, classes, conv_dim, fc_dim, fc_dropout, window_width, window_stride, **_):
        super().__init__()
        self.conv1 = SameConv2d(1, conv_dim, 3)
        self.conv2 = SameConv2d(conv_dim, conv_dim, 3, stride=2)
        self.conv3 = SameConv2d(conv_dim, conv_dim, 3, stride=2)
        self.dropout1 = nn.Dropout(fc_dropout)
        self.window = nn.Conv2d(conv_dim, fc_dim, (height // 4, window_width // 4), stride=(1, window_stride // 4))
        self.dropout2 = nn.Dropout(fc_dropout)
        self.fc = nn.Linear(fc_dim, classes)

    def forward(self, x):
        x = F.relu(self.conv3(F.relu(self.conv2(F.relu(self.conv1(x))))))
        x = F.relu(self.window(self.dropout1(x)))
        return self.fc(self.dropout2(x[:, :, 0, :].permute(0, 2, 1)))


class BatchNorm(nn.Module):
    """Batch normalization over channels as Inklab trains it: in training the batch's mean and
    biased variance (tfjs's; BatchNorm2d keeps the unbiased one), moved into the running
    statistics by \`momentum\` (PyTorch's convention), which evaluation uses."""

    def __init__(self, channels, momentum, eps):
        super().__init__()
        self.momentum, self.eps = momentum, eps
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x):
        if self.training:
            mean, var = x.mean((0, 2, 3)), x.var((0, 2, 3), unbiased=False)
            with torch.no_grad():
                self.running_mean.lerp_(mean, self.momentum)
                self.running_var.lerp_(var, self.momentum)
        else:
            mean, var = self.running_mean, self.running_var
        shape = (1, -1, 1, 1)
        scale = torch.rsqrt(var.view(shape) + self.eps) * self.weight.view(shape)
        return (x - mean.view(shape)) * scale + self.bias.view(shape)


class ResNet(nn.Module):
    """A 3x3 stem, three stages of residual blocks (conv-BN-ReLU-conv-BN plus the input, ReLU),
    a 2x2 max pool and a widening conv-BN-ReLU between stages, global average pooling, dropout,
    dense: N x classes logits."""

    def __init__(self, height, width, classes, conv_dim, blocks, fc_dropout, bn_momentum, bn_eps, **_):
        super().__init__()
        self.blocks = blocks

        def conv_bn(name, channels_in, channels_out):
            setattr(self, name, SameConv2d(channels_in, channels_out, 3, bias=False))
            setattr(self, name + "_bn", BatchNorm(channels_out, bn_momentum, bn_eps))

        conv_bn("stem", 1, conv_dim)
        for stage in (1, 2, 3):
            channels = conv_dim * 2 ** (stage - 1)
            if stage > 1:
                conv_bn(f"down{stage}", channels // 2, channels)
            for block in range(1, blocks + 1):
                conv_bn(f"s{stage}b{block}_conv1", channels, channels)
                conv_bn(f"s{stage}b{block}_conv2", channels, channels)
        self.dropout = nn.Dropout(fc_dropout)
        self.fc = nn.Linear(conv_dim * 4, classes)

    def normalized(self, name, x):
        return getattr(self, name + "_bn")(getattr(self, name)(x))

    def forward(self, x):
        x = F.relu(self.normalized("stem", x))
        for stage in (1, 2, 3):
            if stage > 1:
                x = F.relu(self.normalized(f"down{stage}", F.max_pool2d(x, 2)))
            for block in range(1, self.blocks + 1):
                name = f"s{stage}b{block}"
                y = F.relu(self.normalized(f"{name}_conv1", x))
                x = F.relu(x + self.normalized(f"{name}_conv2", y))
        return self.fc(self.dropout(x.mean((2, 3))))


class LineCNNTransformer(nn.Module):
    """The fast line reader: a convolutional encoder over the whole line (3x3 convs of conv_dim,
    2 and 4 times as many channels, the first of stride 2, then 2x2 and 1x2 max pooling), a window
    convolution over the full height and window_steps columns (one tf_dim vector per 8 pixels),
    tf_layers pre-norm Transformer encoder layers (single-head attention, a ReLU feed-forward layer
    of 2 tf_dim, each added to its input), a layer norm and dense: N x steps x classes logits for CTC.
    Modules are registered in the order of the tfjs model's weights, as Adam's state lists them."""

    def __init__(self, height, width, classes, conv_dim, tf_dim, tf_layers, tf_dropout, window_steps, ln_eps, key_bias=0, **_):
        super().__init__()
        self.tf_layers, self.tf_dim = tf_layers, tf_dim
        self.conv1 = SameConv2d(1, conv_dim, 3, stride=2)
        self.conv2 = SameConv2d(conv_dim, 2 * conv_dim, 3)
        self.conv3 = SameConv2d(2 * conv_dim, 4 * conv_dim, 3)
        self.window = nn.Conv2d(4 * conv_dim, tf_dim, (height // 4, window_steps))
        for layer in range(1, tf_layers + 1):
            name = f"tf{layer}"
            setattr(self, name + "_norm1", nn.LayerNorm(tf_dim, eps=ln_eps))
            for part in ("query", "key", "value", "out"):
                setattr(self, f"{name}_{part}", nn.Linear(tf_dim, tf_dim, bias=part != "key" or bool(key_bias)))
            setattr(self, name + "_norm2", nn.LayerNorm(tf_dim, eps=ln_eps))
            setattr(self, name + "_ffn1", nn.Linear(tf_dim, 2 * tf_dim))
            setattr(self, name + "_ffn2", nn.Linear(2 * tf_dim, tf_dim))
        self.norm = nn.LayerNorm(tf_dim, eps=ln_eps)
        self.fc = nn.Linear(tf_dim, classes)
        self.dropout = nn.Dropout(tf_dropout)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), (1, 2))
        x = self.dropout(F.relu(self.window(x))[:, :, 0, :].permute(0, 2, 1))
        for layer in range(1, self.tf_layers + 1):
            part = lambda name: getattr(self, f"tf{layer}_{name}")
            h = part("norm1")(x)
            scores = part("query")(h) @ part("key")(h).transpose(1, 2) * (1 / math.sqrt(self.tf_dim))
            x = x + self.dropout(part("out")(F.softmax(scores, dim=-1) @ part("value")(h)))
            x = x + self.dropout(part("ffn2")(F.relu(part("ffn1")(part("norm2")(x)))))
        return self.fc(self.norm(x))


MODELS = {${PYTORCH_MODEL_CLASSES.map((name) => `"${name}": ${name}`).join(', ')}}


class Probabilities(nn.Module):
    """A model's logits as class probabilities (per position for lines)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return F.softmax(self.model(x), dim=-1)


def build(folder="."):
    """The exported model with its weights, logits out, and its info (mapping, config, ...)."""
    tensors, metadata = read_safetensors(Path(folder) / WEIGHTS_FILE)
    info = json.loads(metadata["inklab"])
    model = MODELS[info["model_class"]](**info["model"])
    model.load_state_dict(tensors)
    return model, info


def load(folder="."):
    """The exported model in eval mode, class probabilities out, and its class mapping."""
    model, info = build(folder)
    return Probabilities(model).eval(), info["mapping"]
`;

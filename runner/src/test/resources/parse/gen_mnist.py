#!/usr/bin/python3
"""Write small synthetic MNIST-format idx files (uncompressed) where torchvision's MNIST / FashionMNIST classes look for them:
   <root>/<Class>/raw/{train-images-idx3-ubyte,train-labels-idx1-ubyte,t10k-images-idx3-ubyte,t10k-labels-idx1-ubyte}
Images: 28x28 uint8; each class c has a fixed smooth random template, image = template * random contrast + noise, shifted by up to 2px.
Optional harder data: PIXEL_NOISE (default 70) and LABEL_NOISE (fraction of labels replaced by random ones, default 0).
Usage: gen_mnist.py ROOT N_TRAIN N_TEST [SEED] [CLASSDIR=MNIST] [PIXEL_NOISE] [LABEL_NOISE]"""
import os, struct, sys
import numpy as np

def write_idx_images(path, arr):
    with open(path, "wb") as f:
        f.write(struct.pack(">IIII", 2051, arr.shape[0], 28, 28)); f.write(arr.astype(np.uint8).tobytes())

def write_idx_labels(path, lab):
    with open(path, "wb") as f:
        f.write(struct.pack(">II", 2049, lab.shape[0])); f.write(lab.astype(np.uint8).tobytes())

def make(n, rng, templates, noise=70.0, lnoise=0.0):
    y = rng.integers(0, 10, n)
    x = np.empty((n, 28, 28), np.float32)
    for i in range(n):
        t = np.roll(templates[y[i]], (rng.integers(-2, 3), rng.integers(-2, 3)), axis=(0, 1))
        x[i] = t * rng.uniform(0.5, 1.0) * 255 + rng.normal(0, noise, (28, 28))
    if lnoise > 0:
        flip = rng.random(n) < lnoise
        y = np.where(flip, rng.integers(0, 10, n), y)
    return np.clip(x, 0, 255).astype(np.uint8), y

def main():
    root, ntr, nte = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    cls = sys.argv[5] if len(sys.argv) > 5 else "MNIST"
    noise = float(sys.argv[6]) if len(sys.argv) > 6 else 70.0
    lnoise = float(sys.argv[7]) if len(sys.argv) > 7 else 0.0
    rng = np.random.default_rng(seed)
    templates = []
    for c in range(10):
        g = rng.random((7, 7)) > 0.6
        templates.append(np.kron(g, np.ones((4, 4))).astype(np.float32))
    raw = os.path.join(root, cls, "raw"); os.makedirs(raw, exist_ok=True)
    xtr, ytr = make(ntr, rng, templates, noise, lnoise); xte, yte = make(nte, rng, templates, noise, lnoise)
    write_idx_images(os.path.join(raw, "train-images-idx3-ubyte"), xtr); write_idx_labels(os.path.join(raw, "train-labels-idx1-ubyte"), ytr)
    write_idx_images(os.path.join(raw, "t10k-images-idx3-ubyte"), xte); write_idx_labels(os.path.join(raw, "t10k-labels-idx1-ubyte"), yte)
    print(f"wrote {ntr} train / {nte} test synthetic images to {raw}")

if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Tiny synthetic ImageFolder: ROOT/{train,val}/class_K/img_N.jpg, 72x72 RGB JPEGs; each class has a base colour + stripe
pattern, plus noise. Usage: gen_imagefolder.py ROOT N_CLASSES N_TRAIN_PER_CLASS N_VAL_PER_CLASS [SEED]"""
import os, sys
import numpy as np
from PIL import Image
root, nc, ntr, nva = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(int(sys.argv[5]) if len(sys.argv) > 5 else 0)
base = rng.integers(30, 226, (nc, 3))
for split, n in (("train", ntr), ("val", nva)):
    for c in range(nc):
        d = os.path.join(root, split, f"class_{c}"); os.makedirs(d, exist_ok=True)
        for k in range(n):
            img = np.tile(base[c], (72, 72, 1)).astype(np.float32)
            img[:, (c * 7) % 60:(c * 7) % 60 + 12] *= 0.5
            img += rng.normal(0, 40, img.shape)
            Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(os.path.join(d, f"img_{k}.jpg"), quality=90)
print(f"wrote {nc} classes x ({ntr} train + {nva} val) images under {root}")

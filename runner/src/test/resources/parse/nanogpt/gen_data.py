#!/usr/bin/python3
"""Character-level dataset for nanoGPT, same encoding/format as upstream data/shakespeare_char/prepare.py
(train.bin / val.bin = uint16 token ids, 90/10 split; meta.pkl = {'vocab_size','itos','stoi'}), but built from a LOCAL text
file instead of downloading tinyshakespeare (no network). Usage: gen_data.py SOURCE_TEXT OUT_DIR"""
import os, pickle, sys
import numpy as np
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
data = open(src).read()
chars = sorted(set(data)); stoi = {c: i for i, c in enumerate(chars)}; itos = {i: c for i, c in enumerate(chars)}
n = len(data)
tr = np.array([stoi[c] for c in data[:int(n * 0.9)]], dtype=np.uint16)
va = np.array([stoi[c] for c in data[int(n * 0.9):]], dtype=np.uint16)
tr.tofile(os.path.join(out, "train.bin")); va.tofile(os.path.join(out, "val.bin"))
pickle.dump({"vocab_size": len(chars), "itos": itos, "stoi": stoi}, open(os.path.join(out, "meta.pkl"), "wb"))
print(f"{src}: {n:,} chars, vocab {len(chars)}, train {len(tr):,} / val {len(va):,} tokens -> {out}")

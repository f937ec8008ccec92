"""A PyTorch loop with a tqdm bar per epoch and set_postfix(loss=...); truth: every step's loss, as computed."""
import argparse, json
import torch, torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

parser = argparse.ArgumentParser()
parser.add_argument("seed", type=int)
parser.add_argument("truth")
parser.add_argument("--batch-size", type=int, default=16)
args = parser.parse_args()
torch.manual_seed(args.seed)
generator = torch.Generator().manual_seed(args.seed)
epochs = int(torch.randint(2, 4, (1,), generator=generator))
n = int(torch.randint(8, 20, (1,), generator=generator)) * args.batch_size
X = torch.randn(n, 16)
y = (X[:, :3].sum(1) > 0).long()
loader = DataLoader(TensorDataset(X, y), batch_size=args.batch_size, shuffle=True)
model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
losses = []
for epoch in range(epochs):
    bar = tqdm(loader, desc=f"Epoch {epoch + 1}/{epochs}")
    for xb, yb in bar:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
        losses.append([len(losses) + 1, loss.item()])
        bar.set_postfix(loss=loss.item())
json.dump({"losses": losses, "steps": len(losses), "batch_size": args.batch_size}, open(args.truth, "w"))

"""A PyTorch training that prints its progress, checkpoints on request and resumes (docs/metrics-protocol.md):
SIGUSR1 or the control file -> save checkpoints/step-S.pt, exit 75; --resume CKPT continues from it.
Truth: every step's loss, appended per launch to the file named first."""
import json, os, signal, sys, time
import torch, torch.nn as nn

truth_path = sys.argv[1]
requested = False

def on_request(signum, frame):
    global requested
    requested = True

signal.signal(signal.SIGUSR1, on_request)
control = os.environ.get("GPU_TRAINING_CONTROL_FILE")

def checkpoint_requested():
    if control and os.path.exists(control) and open(control).read().strip() == "checkpoint":
        os.remove(control)
        return True
    return requested

torch.manual_seed(0)
X = torch.randn(512, 8)
y = X @ torch.randn(8, 1) + 0.1 * torch.randn(512, 1)
model = nn.Linear(8, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.02)
# the first launch trains until it is asked to checkpoint (at most 5000 steps); a resumed one 100 steps more
total, start = 5000, 0
if "--resume" in sys.argv:
    state = torch.load(sys.argv[sys.argv.index("--resume") + 1])
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    start = state["step"]
    total = start + 100
losses = []
os.makedirs("checkpoints", exist_ok=True)
for step in range(start + 1, total + 1):
    batch = torch.randint(0, 512, (32,))
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(X[batch]), y[batch])
    loss.backward()
    optimizer.step()
    losses.append([step, loss.item()])
    print(f"step {step}/{total}, loss {loss.item():.5f}", flush=True)
    time.sleep(0.01)
    if checkpoint_requested():
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step},
                   f"checkpoints/step-{step}.pt")
        json.dump({"launch_losses": losses}, open(truth_path + f".{start}", "w"))
        sys.exit(75)
json.dump({"launch_losses": losses}, open(truth_path + f".{start}", "w"))

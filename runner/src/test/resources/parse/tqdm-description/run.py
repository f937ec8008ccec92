# A loop that shows its loss in the bar's description: trange(...) with t.set_description(f"loss={loss:.4f}").
import json, sys, time
import tqdm
from tqdm import trange
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
losses = []
with trange(steps, desc="training") as t:
    for i in t:
        loss = 1.0 / (i + 1) + 0.001 * (i % 7)
        losses.append([i + 1, loss])
        t.set_description(f"loss={loss:.4f}")
        time.sleep(0.002)  # stands in for real work, so tqdm draws its counter several times
json.dump({"framework": "tqdm " + tqdm.__version__, "steps": steps, "steps_unit": "loop iterations",
           "losses": losses, "console_precision": "loss printed with 4 decimals in the description",
           "notes": "Truth: the losses the loop computed, recorded by the script."}, open("truth.json", "w"), indent=1)

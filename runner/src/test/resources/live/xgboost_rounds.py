"""xgb.train with a train and an eval set printed every round; truth from evals_result."""
import json, sys
import numpy as np
import xgboost as xgb
from sklearn.datasets import make_classification

seed, truth_path = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(seed)
X, y = make_classification(n_samples=int(rng.integers(300, 800)), n_features=10, random_state=seed)
split = len(X) * 3 // 4
dtrain, deval = xgb.DMatrix(X[:split], label=y[:split]), xgb.DMatrix(X[split:], label=y[split:])
rounds = int(rng.integers(8, 30))
result = {}
xgb.train({"objective": "binary:logistic", "eval_metric": "logloss", "max_depth": int(rng.integers(2, 5)),
           "eta": 0.3, "seed": seed, "nthread": 1}, dtrain, num_boost_round=rounds,
          evals=[(dtrain, "train"), (deval, "eval")], evals_result=result, verbose_eval=True)
json.dump({"losses": [[i + 1, v] for i, v in enumerate(result["train"]["logloss"])],
           "eval_losses": [[i + 1, v] for i, v in enumerate(result["eval"]["logloss"])], "steps": rounds},
          open(truth_path, "w"))

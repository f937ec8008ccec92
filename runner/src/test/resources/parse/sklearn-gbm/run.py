# sklearn GradientBoostingClassifier(verbose=1) capture.
import json, sklearn
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier
X, y = make_classification(n_samples=1000, n_features=10, n_informative=5, random_state=0)
params = dict(n_estimators=60, learning_rate=0.1, max_depth=3, random_state=0, verbose=1)
clf = GradientBoostingClassifier(**params).fit(X, y)
ts = [float(v) for v in clf.train_score_]
json.dump({
    "framework": "scikit-learn " + sklearn.__version__,
    "loss": {"initial": ts[0], "final": ts[-1], "best": min(ts), "count": len(ts)},
    "steps": int(clf.n_estimators_),
    "steps_unit": "boosting iterations (trees). Console 'Iter' column is 1-based; verbose=1 prints only a subset: iters 1-10, then every 10th (20,30,...) - the print interval grows x10 at each power of ten.",
    "batch_size": None,
    "console_precision": "Train Loss printed '%16.4f' (4 decimals, right-aligned); Remaining Time '%16s' like '0.12s' / '1.23m'",
    "losses": [[i + 1, v] for i, v in enumerate(ts)],
    "params": params,
    "notes": "Truth from clf.train_score_ (binomial deviance = log-loss on the in-bag training set after each iteration). Full per-iteration list given; the console shows only the printed iterations.",
}, open("truth.json", "w"), indent=1)

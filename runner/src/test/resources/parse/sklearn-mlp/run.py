# sklearn MLPClassifier(verbose=True) capture. Console -> output.log (via pipe); truth -> truth.json (from estimator attributes).
import json, sys
import sklearn
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier

SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 0
VARIANT = sys.argv[2] if len(sys.argv) > 2 else "main"
if VARIANT == "main":
    X, y = make_classification(n_samples=2000, n_features=20, n_informative=10, n_classes=3, random_state=SEED)
    params = dict(hidden_layer_sizes=(32,), solver="adam", batch_size=64, max_iter=30, random_state=SEED, verbose=True)
else:  # variant-2: sgd solver + early stopping (prints "Validation score"), different data size
    X, y = make_classification(n_samples=1500, n_features=12, n_informative=6, n_classes=2, random_state=SEED)
    params = dict(hidden_layer_sizes=(16, 8), solver="sgd", learning_rate_init=0.05, momentum=0.9, batch_size=50,
                  max_iter=200, early_stopping=True, validation_fraction=0.2, n_iter_no_change=5, random_state=SEED, verbose=True)
clf = MLPClassifier(**params)
clf.fit(X, y)
lc = [float(v) for v in clf.loss_curve_]
truth = {
    "framework": "scikit-learn " + sklearn.__version__,
    "loss": {"initial": lc[0], "final": lc[-1], "best": min(lc), "count": len(lc)},
    "steps": int(clf.n_iter_),
    "steps_unit": "epochs (MLPClassifier n_iter_ = passes over the training data; one 'Iteration N' line per epoch, N is 1-based). Optimizer updates = n_iter_ * ceil(n_train/batch_size) = clf.t_/batch_size roughly; t_ (samples seen) given below.",
    "t_samples_seen": int(clf.t_),
    "batch_size": params["batch_size"],
    "n_train_samples_used": int(X.shape[0] * (1 - params.get("validation_fraction", 0.1)) if params.get("early_stopping") else X.shape[0]),
    "console_precision": "loss printed with 8 decimals ('Iteration %d, loss = %.8f')",
    "losses": [[i + 1, v] for i, v in enumerate(lc)],
    "params": {k: v for k, v in params.items()},
    "notes": "Truth from clf.loss_curve_ and clf.n_iter_ (estimator attributes, not console).",
}
if getattr(clf, "validation_scores_", None) is not None:
    vs = [float(v) for v in clf.validation_scores_]
    truth["validation_scores"] = [[i + 1, v] for i, v in enumerate(vs)]
    truth["best_validation_score"] = float(clf.best_validation_score_)
    truth["notes"] += " validation_scores_ = accuracy on the held-out 20% (printed as 'Validation score: %f', 6 decimals)."
out = sys.argv[3] if len(sys.argv) > 3 else "truth.json"
json.dump(truth, open(out, "w"), indent=1)

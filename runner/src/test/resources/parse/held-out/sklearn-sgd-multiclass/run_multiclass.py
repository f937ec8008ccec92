# Extra: multiclass SGDClassifier(verbose=1): one full '-- Epoch 1..n' sequence PER CLASS (OvA), n_jobs=1 so sequential.
import json, numpy as np, sklearn
from sklearn.datasets import make_classification
from sklearn.linear_model import SGDClassifier
X, y = make_classification(n_samples=1500, n_features=10, n_informative=6, n_classes=3, random_state=1)
clf = SGDClassifier(loss="hinge", max_iter=5, tol=None, random_state=1, verbose=1, n_jobs=1).fit(X, y)
json.dump({"framework": "scikit-learn " + sklearn.__version__, "loss": None, "steps": int(clf.n_iter_), "n_classes": 3,
           "epoch_blocks_printed": 3 * int(clf.n_iter_), "batch_size": 1, "t_": float(clf.t_),
           "final_weight_norms_per_class": [float(np.linalg.norm(c)) for c in clf.coef_],
           "final_bias_per_class": [float(b) for b in clf.intercept_],
           "notes": "OvA: the console restarts at '-- Epoch 1' for each of the 3 classes (3 x n_iter_ blocks, 3 'Total training time' lines). Loss only on console."},
          open("truth-multiclass.json", "w"), indent=1)

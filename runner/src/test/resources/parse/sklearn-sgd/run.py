# sklearn SGDClassifier(verbose=1) capture (binary problem => a single OvA sequence of epochs).
import json, sys
import numpy as np, sklearn
from sklearn.datasets import make_classification
from sklearn.linear_model import SGDClassifier

X, y = make_classification(n_samples=5000, n_features=20, n_informative=8, random_state=0)
params = dict(loss="log_loss", alpha=1e-4, max_iter=15, tol=None, random_state=0, verbose=1)
clf = SGDClassifier(**params)
clf.fit(X, y)
truth = {
    "framework": "scikit-learn " + sklearn.__version__,
    "loss": None,
    "steps": int(clf.n_iter_),
    "steps_unit": "epochs ('-- Epoch N' blocks, N 1-based). SGD updates one sample at a time: t_ - 1 = n_iter_ * n_samples weight updates.",
    "t_": float(clf.t_),
    "n_samples": int(X.shape[0]),
    "batch_size": 1,
    "final_weight_norm": float(np.linalg.norm(clf.coef_)),
    "final_bias": float(clf.intercept_[0]),
    "final_nnz": int(np.count_nonzero(clf.coef_)),
    "console_precision": "'Norm: %.2f, NNZs: %d, Bias: %.6f, T: %d, Avg. loss: %f' (Avg. loss 6 decimals)",
    "params": params,
    "notes": ("Per-epoch 'Avg. loss' is NOT available from any structured sklearn output (it is computed inside the Cython "
              "_plain_sgd loop and only printed) -> loss truth is null; only the console has it. Structured truth: n_iter_ "
              "(= number of '-- Epoch' blocks), t_ (the console 'T:' on the last epoch equals n_iter_*n_samples = t_-1), "
              "final coef norm/intercept (should match the last 'Norm:'/'Bias:' to printed precision). tol=None so all max_iter "
              "epochs run and no ConvergenceWarning is emitted."),
}
json.dump(truth, open("truth.json", "w"), indent=1)

"""MLPClassifier(verbose=True) on random data of a random size; truth from the estimator's own attributes."""
import json, sys, warnings
import numpy as np
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier

seed, truth_path = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(seed)
samples, features, classes = int(rng.integers(300, 900)), int(rng.integers(6, 20)), int(rng.integers(2, 4))
iterations = int(rng.integers(8, 25))
X, y = make_classification(n_samples=samples, n_features=features, n_informative=5, n_redundant=0,
                           n_classes=classes, random_state=seed)
warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter: not what is tested
clf = MLPClassifier(hidden_layer_sizes=(int(rng.integers(8, 32)),), max_iter=iterations, batch_size=32,
                    random_state=seed, verbose=True).fit(X, y)
json.dump({"losses": [[i + 1, v] for i, v in enumerate(clf.loss_curve_)], "steps": clf.n_iter_},
          open(truth_path, "w"))
